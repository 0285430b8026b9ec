import { useMe } from '../auth/session.js';
import { ErrorAlert, PageSpinner } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { useMember } from '../features/member/api.js';
import { MemberProfile } from '../features/member/member-profile.js';
import { useI18n } from '../i18n/index.js';

/**
 * 我的信息: the logged-in member's own record, laid out for a phone first. The points module
 * will add the member's scores and the published board below the profile.
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
      {member.data ? <MemberProfile member={member.data} showAccount={false} /> : null}
    </div>
  );
}
