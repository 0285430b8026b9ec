import { Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import type { Permission } from '../../domain/access/roles.js';
import { holidayNameIn } from '../../domain/calendar/holiday-names.js';
import { useServerDay } from '../app/server-day.js';
import { useMe } from '../auth/session.js';
import { ButtonLink } from '../components/button-link.js';
import { PageTitle } from '../components/page-title.js';
import { TodoCard } from '../features/home/todo-card.js';
import { MyPointsCard } from '../features/points/components/my-points-card.js';
import { CurrentTermCard } from '../features/terms/current-term-card.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { formatLongDate } from '../lib/format.js';
import { navLabels, quickLinksFor } from '../lib/nav.js';

// Partial: modules add permissions as they land; one without a label here is simply not listed.
const permissionLabels: Partial<Record<Permission, MessageKey>> = {
  'org.read': 'perm.org.read',
  'org.manage': 'perm.org.manage',
  'member.read': 'perm.member.read',
  'member.manage': 'perm.member.manage',
  'user.read': 'perm.user.read',
  'user.manage': 'perm.user.manage',
  'audit.read': 'perm.audit.read',
  'calendar.manage': 'perm.calendar.manage',
  'evidence.upload': 'perm.evidence.upload',
  'evidence.read': 'perm.evidence.read',
  'points.scheme.read': 'perm.points.scheme.read',
  'points.scheme.manage': 'perm.points.scheme.manage',
  'points.scheme.adopt': 'perm.points.scheme.adopt',
  'points.entry.read': 'perm.points.entry.read',
  'points.entry.enter': 'perm.points.entry.enter',
  'points.review': 'perm.points.review',
  'points.quarter.close': 'perm.points.quarter.close',
  'points.quarter.publish': 'perm.points.quarter.publish',
  'points.results.read': 'perm.points.results.read',
  'points.board.read': 'perm.points.board.read',
  'terms.read': 'perm.terms.read',
  'terms.manage': 'perm.terms.manage',
  'terms.correct': 'perm.terms.correct',
  'terms.checkin': 'perm.terms.checkin',
};

const labelOf = (p: string): MessageKey | undefined => permissionLabels[p as Permission];

export function HomePage() {
  const me = useMe();
  const { t, locale, roleLabel } = useI18n();
  // The server's day, and whether it is worked under the holiday calendar in force.
  const day = useServerDay();
  const today = formatLongDate(day.today, locale);
  // A member and nothing else (no officer role): their home is their points.
  const memberOnly = me.memberId != null && me.grants.every((g) => g.role === 'member');
  const dayNote = !day.calendarKnows.thisYear
    ? t('home.day.unknown')
    : day.reason === 'holiday'
      ? t('home.day.holiday', { name: holidayNameIn(day.holidayName ?? '', locale === 'en' ? 'en' : 'zh') })
      : t(`home.day.${day.reason}`);

  return (
    <>
      <PageTitle>{t('home.greeting', { name: me.displayName })}</PageTitle>
      <Typography.Paragraph type="secondary">
        {t('home.today', { date: today })}
        <Tag color={day.working ? undefined : 'green'} style={{ marginInlineStart: 8 }}>
          {dayNote}
        </Tag>
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          {memberOnly ? <MyPointsCard /> : null}
          <TodoCard />
          <CurrentTermCard />
          <Card title={t('home.quickLinks')}>
            {me.grants.length === 0 && me.memberId == null ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noGrants')} />
            ) : null}
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {me.grants.map((g) => {
                const links = quickLinksFor(me, g.role, g.orgId);
                if (links.length === 0) return null;
                return (
                  <section key={g.id} aria-label={`${roleLabel(g.role)} · ${g.orgName}`}>
                    <Typography.Text strong>
                      {roleLabel(g.role)} · {g.orgName}
                    </Typography.Text>
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
                      {links.map((l) => (
                        <ButtonLink key={l.key} to={l.to}>
                          {l.key === 'orgs' && g.role === 'secretary'
                            ? t('home.myBranch')
                            : t(navLabels[l.key])}
                        </ButtonLink>
                      ))}
                    </div>
                  </section>
                );
              })}
              {me.memberId != null && !me.grants.some((g) => g.role === 'member') ? (
                <section aria-label={t('nav.me')}>
                  <ButtonLink to="/me">{t('nav.me')}</ButtonLink>
                </section>
              ) : null}
            </Space>
          </Card>
        </Col>
        {/* A member is shown their score above; roles and permissions are for officers. */}
        {memberOnly ? null : (
          <Col xs={24} lg={9}>
            <Card title={t('home.myRoles')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('home.account')}>{me.account}</Descriptions.Item>
              </Descriptions>
              {me.grants.length === 0 ? (
                <Typography.Paragraph type="secondary">{t('home.noGrants')}</Typography.Paragraph>
              ) : (
                <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 16px' }}>
                  {me.grants.map((g) => (
                    <li key={g.id} style={{ padding: '6px 0', borderBottom: '1px solid #f5f5f5' }}>
                      <Tag color="red">{roleLabel(g.role)}</Tag>
                      <Typography.Text>{g.orgName}</Typography.Text>{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {g.orgCode}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              )}
              {me.permissions.length > 0 ? (
                <>
                  <Typography.Text type="secondary">{t('home.permissions')}</Typography.Text>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 8 }}>
                    {me.permissions.map((p) => {
                      const label = labelOf(p);
                      return label ? <Tag key={p}>{t(label)}</Tag> : null;
                    })}
                  </div>
                </>
              ) : null}
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
