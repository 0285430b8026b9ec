import { RightOutlined, StarOutlined } from '@ant-design/icons';
import { Card } from 'antd';
import { Link } from 'react-router';
import { useMe } from '../auth/session.js';
import { ErrorAlert, PageSpinner } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { useMember } from '../features/member/api.js';
import { MemberProfile } from '../features/member/member-profile.js';
import { useI18n } from '../i18n/index.js';

/**
 * 我的信息: the logged-in member's own record, laid out for a phone first, with the way to
 * their points (我的积分) at the top.
 */
export function MyPage() {
  const me = useMe();
  const { t } = useI18n();
  const member = useMember(me.memberId);

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageTitle>{t('nav.me')}</PageTitle>
      {member.isPending ? <PageSpinner /> : null}
      <ErrorAlert error={member.error} onRetry={() => void member.refetch()} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Link to="/me/points" className="kh-todo-link">
          <span className="kh-todo-title">
            <span>
              <StarOutlined aria-hidden style={{ color: '#c4161c', marginInlineEnd: 8 }} />
              {t('nav.myPoints')}
            </span>
            <span className="kh-link-hint">{t('me.pointsHint')}</span>
          </span>
          <RightOutlined aria-hidden className="kh-todo-arrow" />
        </Link>
      </Card>
      {member.data ? <MemberProfile member={member.data} showAccount={false} /> : null}
    </div>
  );
}
