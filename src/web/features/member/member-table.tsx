import { Button, Grid, List, Space, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { MemberSummary } from '../../../contracts/member.js';
import { MemberStatusTag } from '../../components/tags.js';
import { useI18n } from '../../i18n/index.js';

interface Props {
  rows: MemberSummary[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
  canManage: (m: MemberSummary) => boolean;
  onEdit: (m: MemberSummary) => void;
  onTransfer: (m: MemberSummary) => void;
  onDeactivate: (m: MemberSummary) => void;
}

/** The members of the selected node, paged on the server. */
export function MemberTable(props: Props) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const anyManageable = props.rows.some(props.canManage);
  const columns: TableColumnsType<MemberSummary> = [
    {
      title: t('member.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (_v, m) => <Link to={`/members/${m.id}`}>{m.name}</Link>,
    },
    { title: t('member.employeeNo'), dataIndex: 'employeeNo' },
    {
      title: t('member.gender'),
      dataIndex: 'gender',
      render: (g: 'M' | 'F') => t(g === 'M' ? 'member.gender.M' : 'member.gender.F'),
    },
    {
      title: t('member.branch'),
      dataIndex: 'branchName',
      width: 180,
      ellipsis: { showTitle: true },
      render: (v: string | null) => v ?? '—',
    },
    { title: t('member.status'), key: 'status', render: (_v, m) => <MemberStatusTag member={m} /> },
    { title: t('member.post'), dataIndex: 'post', render: (v: string | null) => v ?? '—' },
    {
      title: t('member.phone'),
      dataIndex: 'phone',
      render: (v: string | null) => (v ? <a href={`tel:${v}`}>{v}</a> : '—'),
    },
  ];
  const actions = (m: MemberSummary) =>
    props.canManage(m) && m.active ? (
      <Space size={0} wrap>
        <Button
          type="link"
          size="small"
          onClick={() => props.onEdit(m)}
          aria-label={`${t('common.edit')} ${m.name}`}
        >
          {t('common.edit')}
        </Button>
        {m.isPartyMember ? (
          <Button
            type="link"
            size="small"
            onClick={() => props.onTransfer(m)}
            aria-label={`${t('member.transfer')} ${m.name}`}
          >
            {t('member.transfer')}
          </Button>
        ) : null}
        <Button
          type="link"
          size="small"
          danger
          onClick={() => props.onDeactivate(m)}
          aria-label={`${t('member.deactivate')} ${m.name}`}
        >
          {t('member.deactivate')}
        </Button>
      </Space>
    ) : null;
  if (anyManageable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_v, m) => actions(m),
    });
  }
  const pagination = {
    current: props.page,
    pageSize: props.pageSize,
    total: props.total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal: (total: number) => t('common.total', { total }),
    onChange: props.onPage,
  };
  // On a phone: a card per member (name, number, branch, status, post, phone, actions) instead of
  // a table showing two of its eight columns.
  if (screens.md === false) {
    return (
      <List<MemberSummary>
        loading={props.loading}
        dataSource={props.rows}
        rowKey="id"
        pagination={{ ...pagination, size: 'small' }}
        renderItem={(m) => (
          <List.Item className="kh-entry-item">
            <div className="kh-entry-main">
              <div className="kh-entry-top">
                <Link to={`/members/${m.id}`}>{m.name}</Link>
                <MemberStatusTag member={m} />
              </div>
              <div className="kh-entry-meta">
                <span>{m.employeeNo}</span>
                <span>{t(m.gender === 'M' ? 'member.gender.M' : 'member.gender.F')}</span>
                {m.branchName ? <span>{m.branchName}</span> : null}
                {m.post ? <span>{m.post}</span> : null}
                {m.phone ? <a href={`tel:${m.phone}`}>{m.phone}</a> : null}
              </div>
              {anyManageable ? <div className="kh-entry-actions">{actions(m)}</div> : null}
            </div>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<MemberSummary>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={props.rows}
      loading={props.loading}
      scroll={{ x: 'max-content' }}
      pagination={pagination}
    />
  );
}
