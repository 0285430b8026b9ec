import { Tag } from 'antd';
import type { MemberSummary } from '../../contracts/member.js';
import type { OrgKind } from '../../domain/org/tree.js';
import { useI18n } from '../i18n/index.js';

const kindColors: Record<OrgKind, string> = {
  committee: 'red',
  general_branch: 'volcano',
  branch: 'orange',
  group: 'gold',
  department: 'geekblue',
  grassroots: 'blue',
  work_area: 'cyan',
  team: 'purple',
};

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { kindLabel } = useI18n();
  return (
    <Tag
      color={kindColors[kind]}
      variant="outlined"
      style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px', paddingInline: 4 }}
    >
      {kindLabel(kind)}
    </Tag>
  );
}

export function InactiveTag() {
  const { t } = useI18n();
  return <Tag>{t('org.inactive')}</Tag>;
}

/** 正式党员 / 预备党员 / 群众, and 已停用 for members no longer on the rolls. */
export function MemberStatusTag({
  member,
}: {
  member: Pick<MemberSummary, 'status' | 'isPartyMember' | 'active'>;
}) {
  const { t } = useI18n();
  if (!member.active) return <Tag>{t('member.inactive')}</Tag>;
  if (!member.isPartyMember) return <Tag>{t('member.nonParty')}</Tag>;
  if (member.status === 'probationary') return <Tag color="gold">{t('member.status.probationary')}</Tag>;
  return <Tag color="red">{t('member.status.full')}</Tag>;
}
