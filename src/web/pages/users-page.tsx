import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Input,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { UserSummary } from '../../contracts/user.js';
import { hasPermission, useMe } from '../auth/session.js';
import { ErrorAlert, errorText } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { useSetUserActive, useUnlockLogin, useUsers } from '../features/user/api.js';
import { GrantsModal, ResetPasswordModal, UserCreateModal } from '../features/user/user-modals.js';
import { useI18n } from '../i18n/index.js';

type Dialog = { kind: 'create' } | { kind: 'grants' | 'reset'; user: UserSummary } | null;

/** 用户与权限: accounts, their link to a member, and the roles granted at org nodes. */
export function UsersPage() {
  const me = useMe();
  const { t, locale, roleLabel } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [searchText, setSearchText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const users = useUsers(q, page, pageSize);
  const setActive = useSetUserActive();
  const unlock = useUnlockLogin();
  const [dialog, setDialog] = useState<Dialog>(null);
  const canManage = hasPermission(me, 'user.manage');

  const toggleActive = (u: UserSummary) =>
    setActive
      .mutateAsync({ id: u.id, active: !u.active })
      .then(() => void message.success(u.active ? t('user.disabled') : t('user.enabled')))
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));

  const unlockLogin = (u: UserSummary) =>
    unlock
      .mutateAsync(u.id)
      .then((r) => void message.success(t('user.unlocked', { count: r.failuresCleared })))
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));

  const columns: TableColumnsType<UserSummary> = [
    {
      title: t('user.account'),
      dataIndex: 'account',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('user.displayName'), dataIndex: 'displayName' },
    {
      title: t('user.grants'),
      key: 'grants',
      render: (_v, u) =>
        u.grants.length === 0 ? (
          <Typography.Text type="secondary">{t('user.noGrants')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {u.grants.map((g) => (
              <Tag key={g.id} color="red" variant="outlined">
                {roleLabel(g.role)} · {g.orgName}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('user.member'),
      dataIndex: 'memberId',
      render: (id: number | null) =>
        id == null ? (
          '—'
        ) : hasPermission(me, 'member.read') ? (
          <Link to={`/members/${id}`}>{t('user.viewMember')}</Link>
        ) : (
          t('user.linked')
        ),
    },
    {
      title: t('user.status'),
      dataIndex: 'active',
      render: (active: boolean) =>
        active ? <Tag color="green">{t('user.active')}</Tag> : <Tag>{t('user.inactive')}</Tag>,
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_v, u) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'grants', user: u })}
            aria-label={`${t('user.manageGrants')} ${u.account}`}
          >
            {t('user.manageGrants')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'reset', user: u })}
            aria-label={`${t('user.resetPassword')} ${u.account}`}
          >
            {t('user.resetPassword')}
          </Button>
          <Popconfirm
            title={t('user.unlockConfirm', { name: u.displayName })}
            okText={t('user.unlock')}
            cancelText={t('common.cancel')}
            onConfirm={() => unlockLogin(u)}
          >
            <Button type="link" size="small" aria-label={`${t('user.unlock')} ${u.account}`}>
              {t('user.unlock')}
            </Button>
          </Popconfirm>
          {u.id === me.id ? null : (
            <Popconfirm
              title={
                u.active
                  ? t('user.disableConfirm', { name: u.displayName })
                  : t('user.enableConfirm', { name: u.displayName })
              }
              okText={u.active ? t('user.disable') : t('user.enable')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: u.active }}
              onConfirm={() => toggleActive(u)}
            >
              <Button
                type="link"
                size="small"
                danger={u.active}
                aria-label={`${u.active ? t('user.disable') : t('user.enable')} ${u.account}`}
              >
                {u.active ? t('user.disable') : t('user.enable')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <>
      <PageTitle>{t('nav.users')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <Input.Search
            placeholder={t('user.searchPlaceholder')}
            aria-label={t('user.search')}
            allowClear
            value={searchText}
            onChange={(e) => {
              setSearchText(e.target.value);
              if (!e.target.value) {
                setQ('');
                setPage(1);
              }
            }}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            style={{ width: 260 }}
          />
          <div className="kh-toolbar-spacer" />
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('user.create')}
            </Button>
          ) : null}
        </div>
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
        <Table<UserSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
        />
      </Card>
      {dialog?.kind === 'create' ? <UserCreateModal open onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'grants' ? (
        <GrantsModal user={dialog.user} selfId={me.id} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'reset' ? (
        <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
