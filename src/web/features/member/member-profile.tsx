import { Card, Descriptions, Empty, Grid, Tag, Timeline, Typography } from 'antd';
import type { MemberDetail } from '../../../contracts/member.js';
import { MemberStatusTag } from '../../components/tags.js';
import { useI18n } from '../../i18n/index.js';

/**
 * A member's record: who they are, their branch and party standing, and where they have been.
 * Used by the officer's detail page and by the member's own page (phone first: one column
 * below the md breakpoint).
 */
export function MemberProfile({
  member,
  showAccount = true,
}: {
  member: MemberDetail;
  showAccount?: boolean;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const dash = (v: string | null | undefined) => v || '—';
  const history = [...member.history].sort((a, b) => b.fromDate.localeCompare(a.fromDate));

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <div className="kh-profile-head" style={{ marginBottom: 16 }}>
          <div
            aria-hidden
            style={{
              width: 56,
              height: 56,
              borderRadius: '50%',
              background: '#c4161c',
              color: '#fff',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: 22,
              flexShrink: 0,
            }}
          >
            {member.name.slice(-2)}
          </div>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={2} className="kh-profile-name">
              {member.name}
            </Typography.Title>
            <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
              <MemberStatusTag member={member} />
              <Typography.Text type="secondary">{member.branchName ?? member.unitName ?? ''}</Typography.Text>
            </div>
          </div>
        </div>
        <Descriptions
          column={screens.md ? 2 : 1}
          size="small"
          items={[
            { key: 'employeeNo', label: t('member.employeeNo'), children: member.employeeNo },
            {
              key: 'gender',
              label: t('member.gender'),
              children: t(member.gender === 'M' ? 'member.gender.M' : 'member.gender.F'),
            },
            { key: 'branch', label: t('member.branch'), children: dash(member.branchName) },
            { key: 'unit', label: t('member.unit'), children: dash(member.unitName) },
            { key: 'post', label: t('member.post'), children: dash(member.post) },
            {
              key: 'phone',
              label: t('member.phone'),
              children: member.phone ? <a href={`tel:${member.phone}`}>{member.phone}</a> : '—',
            },
            { key: 'birthDate', label: t('member.birthDate'), children: dash(member.birthDate) },
            ...(member.isPartyMember
              ? [
                  { key: 'joinDate', label: t('member.joinDate'), children: dash(member.joinDate) },
                  { key: 'fullDate', label: t('member.fullDate'), children: dash(member.fullDate) },
                ]
              : []),
            ...(showAccount
              ? [
                  {
                    key: 'account',
                    label: t('member.account'),
                    children: member.userAccount ? <Tag>{member.userAccount}</Tag> : t('member.noAccount'),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title={t('member.history')}>
        {history.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('member.noHistory')} />
        ) : (
          <Timeline
            items={history.map((h, i) => ({
              key: `${h.branchId}-${h.fromDate}-${i}`,
              color: h.toDate ? 'gray' : 'red',
              content: (
                <>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {h.toDate
                      ? `${h.fromDate} — ${h.toDate}`
                      : t('member.historySince', { date: h.fromDate })}
                  </Typography.Text>
                  <Typography.Text strong>{h.branchName}</Typography.Text>
                  {h.toDate ? null : (
                    <Tag color="red" style={{ marginInlineStart: 8 }}>
                      {t('member.current')}
                    </Tag>
                  )}
                  {h.reason && h.reason !== 'created' ? (
                    <div>
                      <Typography.Text type="secondary">{h.reason}</Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
