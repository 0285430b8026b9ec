import {
  DeleteOutlined,
  DownloadOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  Modal,
  Select,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { MemberSummary } from '../../contracts/member.js';
import type { OrgNode } from '../../contracts/org.js';
import { canHoldMembers, type Tree } from '../../domain/org/tree.js';
import { hasPermission, useMe } from '../auth/session.js';
import { ErrorAlert, errorText } from '../components/feedback.js';
import { LabeledSwitch } from '../components/labeled-switch.js';
import { PageTitle } from '../components/page-title.js';
import { InactiveTag, OrgKindTag } from '../components/tags.js';
import {
  exportMembers,
  type MemberFilters,
  useMember as useMemberDetail,
  useMemberPages,
} from '../features/member/api.js';
import {
  MemberDeactivateModal,
  MemberFormModal,
  MemberTransferModal,
} from '../features/member/member-modals.js';
import { MemberTable } from '../features/member/member-table.js';
import { useOrgs } from '../features/org/api.js';
import { OrgDeactivateModal, OrgFormModal, OrgMoveModal } from '../features/org/org-modals.js';
import { OrgTreePanel } from '../features/org/org-tree-panel.js';
import { useI18n } from '../i18n/index.js';
import { canAt, partyRoots } from '../lib/access.js';
import { pathTo } from '../lib/tree.js';

type OrgDialog =
  | { kind: 'create'; parent: OrgNode | null }
  | { kind: 'edit' | 'move' | 'deactivate'; node: OrgNode }
  | null;
type MemberDialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'transfer' | 'deactivate'; member: MemberSummary }
  | null;

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * 组织与党员: the party tree (and the administrative units) on the left, the selected node's
 * members on the right. Everything that defines the view lives in the URL, so a link (from
 * the home page, or shared) opens the same node, filters and page.
 */
export function OrgMembersPage() {
  const me = useMe();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const tree: Tree = params.get('tree') === 'unit' ? 'unit' : 'party';
  const showInactiveOrgs = params.get('orgInactive') === '1';
  const filters: MemberFilters = {
    q: params.get('q') ?? undefined,
    status: (['full', 'probationary'] as const).find((s) => s === params.get('status')),
    includeInactive: params.get('inactive') === '1',
  };
  const page = num(params.get('page')) ?? 1;
  const pageSize = num(params.get('size')) ?? 20;

  const update = (patch: Record<string, string | null>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage && !('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const orgs = useOrgs(tree, showInactiveOrgs);
  // The party tree's roots are needed to judge permissions on unit nodes too.
  const partyOrgs = useOrgs('party', false);
  // A secretary's reach has no administrative units: the tab would only ever be empty.
  const unitOrgs = useOrgs('unit', false);
  const hasUnits = (unitOrgs.data?.length ?? 0) > 0;
  const items = orgs.data ?? [];
  const rootIds = useMemo(() => partyRoots(partyOrgs.data ?? []), [partyOrgs.data]);

  const requested = num(params.get('org'));
  const selected =
    items.find((o) => o.id === requested) ?? items.find((o) => !items.some((p) => p.id === o.parentId));
  const selectedPath = selected ? pathTo(items, selected.id) : [];

  const can = (perm: 'org.manage' | 'member.manage' | 'member.read', orgId: number | null) =>
    orgId != null &&
    canAt(me.grants, perm, orgId, [...items, ...(tree === 'unit' ? (partyOrgs.data ?? []) : [])], rootIds);
  const canManageOrg = selected ? can('org.manage', selected.id) : false;
  const canReadMembers =
    hasPermission(me, 'member.read') && (selected ? can('member.read', selected.id) : false);
  const partyItems = tree === 'party' ? items : (partyOrgs.data ?? []);
  const canManageMember = (m: MemberSummary) =>
    m.branchId != null
      ? canAt(me.grants, 'member.manage', m.branchId, partyItems, rootIds)
      : m.unitId != null && canAt(me.grants, 'member.manage', m.unitId, [...items, ...partyItems], rootIds);

  const memberFilters: MemberFilters = { ...filters, orgId: selected?.id };
  const { result: members, total: membersTotal } = useMemberPages(
    memberFilters,
    page,
    pageSize,
    canReadMembers && selected !== undefined,
  );
  const [exporting, setExporting] = useState(false);
  const [orgDialog, setOrgDialog] = useState<OrgDialog>(null);
  const [memberDialog, setMemberDialog] = useState<MemberDialog>(null);
  const [searchText, setSearchText] = useState(filters.q ?? '');

  const doExport = async () => {
    setExporting(true);
    try {
      await exportMembers(memberFilters, `${t('member.exportFileName')}.xlsx`);
    } catch (e) {
      void message.error(errorText(e, locale, t));
    } finally {
      setExporting(false);
    }
  };

  const treePanel = (
    <OrgTreePanel
      orgs={orgs.data}
      loading={orgs.isPending}
      error={orgs.error}
      onRetry={() => void orgs.refetch()}
      selectedId={selected?.id ?? null}
      onSelect={(id) => update({ org: String(id) })}
      showInactive={showInactiveOrgs}
      onShowInactiveChange={(v) => update({ orgInactive: v ? '1' : null })}
      height={screens.lg ? 560 : 300}
      showCounts={tree === 'party'}
    />
  );

  const canCreateMemberHere =
    selected !== undefined &&
    tree === 'party' &&
    canHoldMembers(selected.kind) &&
    !selected.activeTo &&
    can('member.manage', selected.id);

  return (
    <>
      <PageTitle>{t('nav.orgs')}</PageTitle>
      <div className="kh-org-layout">
        <Card className="kh-org-tree-card">
          <Tabs
            activeKey={tree}
            onChange={(k) => update({ tree: k === 'unit' ? 'unit' : null, org: null })}
            items={[
              { key: 'party', label: t('org.partyTree') },
              ...(hasUnits || tree === 'unit' ? [{ key: 'unit', label: t('org.unitTree') }] : []),
            ]}
            size="small"
          />
          {treePanel}
          {hasPermission(me, 'org.manage') && items.length === 0 && !orgs.isPending ? (
            <Button
              icon={<PlusOutlined />}
              block
              onClick={() => setOrgDialog({ kind: 'create', parent: null })}
            >
              {t('org.createRoot')}
            </Button>
          ) : null}
        </Card>

        <div style={{ minWidth: 0 }}>
          {!selected ? (
            <Card>
              <Empty description={orgs.isPending ? t('common.loading') : t('org.pickNode')} />
            </Card>
          ) : (
            <>
              <Card style={{ marginBottom: 16 }}>
                {selectedPath.length > 1 ? (
                  <Breadcrumb
                    items={selectedPath.map((o) => ({
                      key: o.id,
                      title:
                        o.id === selected.id ? (
                          o.name
                        ) : (
                          <a
                            href={`?${new URLSearchParams({ ...Object.fromEntries(params), org: String(o.id) })}`}
                            onClick={(e) => {
                              e.preventDefault();
                              update({ org: String(o.id) });
                            }}
                          >
                            {o.name}
                          </a>
                        ),
                    }))}
                    style={{ marginBottom: 8 }}
                  />
                ) : null}
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
                  <Space size={8} wrap>
                    <Typography.Title level={3} style={{ margin: 0 }}>
                      {selected.name}
                    </Typography.Title>
                    <OrgKindTag kind={selected.kind} />
                    {selected.activeTo ? <InactiveTag /> : null}
                  </Space>
                  <div className="kh-toolbar-spacer" />
                  {canManageOrg ? (
                    <Space size={8} wrap>
                      {!selected.activeTo ? (
                        <Button
                          icon={<PlusOutlined />}
                          onClick={() => setOrgDialog({ kind: 'create', parent: selected })}
                        >
                          {t('org.createChild')}
                        </Button>
                      ) : null}
                      <Button
                        icon={<EditOutlined />}
                        onClick={() => setOrgDialog({ kind: 'edit', node: selected })}
                      >
                        {t('org.edit')}
                      </Button>
                      {selected.parentId != null && !selected.activeTo ? (
                        <Button
                          icon={<DragOutlined />}
                          onClick={() => setOrgDialog({ kind: 'move', node: selected })}
                        >
                          {t('org.move')}
                        </Button>
                      ) : null}
                      {!selected.activeTo ? (
                        <Button
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => setOrgDialog({ kind: 'deactivate', node: selected })}
                        >
                          {t('org.deactivate')}
                        </Button>
                      ) : null}
                    </Space>
                  ) : null}
                </div>
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
                  {t('org.code')}: {selected.code} · {t('org.activeFrom')}: {selected.activeFrom}
                  {selected.activeTo ? ` · ${t('org.activeTo')}: ${selected.activeTo}` : ''}
                </Typography.Text>
              </Card>

              {hasPermission(me, 'member.read') ? (
                <Card title={t('member.listTitle')}>
                  {!canReadMembers ? (
                    <Empty description={t('member.noAccessHere')} />
                  ) : (
                    <>
                      <div className="kh-toolbar">
                        <Input.Search
                          placeholder={t('member.searchPlaceholder')}
                          aria-label={t('member.search')}
                          allowClear
                          value={searchText}
                          onChange={(e) => {
                            setSearchText(e.target.value);
                            if (!e.target.value) update({ q: null });
                          }}
                          onSearch={(v) => update({ q: v.trim() || null })}
                          style={{ width: 240 }}
                        />
                        <Select
                          aria-label={t('member.status')}
                          value={filters.status ?? 'all'}
                          onChange={(v) => update({ status: v === 'all' ? null : v })}
                          style={{ width: 140 }}
                          options={[
                            { value: 'all', label: t('member.status.all') },
                            { value: 'full', label: t('member.status.full') },
                            { value: 'probationary', label: t('member.status.probationary') },
                          ]}
                        />
                        <LabeledSwitch
                          checked={filters.includeInactive}
                          onChange={(v) => update({ inactive: v ? '1' : null })}
                          label={t('member.includeInactive')}
                        />
                        <div className="kh-toolbar-spacer" />
                        <Button
                          icon={<DownloadOutlined />}
                          loading={exporting}
                          onClick={() => void doExport()}
                        >
                          {t('member.export')}
                        </Button>
                        {canCreateMemberHere ? (
                          <Button
                            type="primary"
                            icon={<UserAddOutlined />}
                            onClick={() => setMemberDialog({ kind: 'create' })}
                          >
                            {t('member.create')}
                          </Button>
                        ) : null}
                      </div>
                      <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
                      <MemberTable
                        rows={members.data?.items ?? []}
                        total={membersTotal}
                        page={page}
                        pageSize={pageSize}
                        loading={members.isFetching}
                        onPage={(p, s) =>
                          update({ page: p > 1 ? String(p) : null, size: s !== 20 ? String(s) : null }, false)
                        }
                        canManage={canManageMember}
                        onEdit={(m) => setMemberDialog({ kind: 'edit', member: m })}
                        onTransfer={(m) => setMemberDialog({ kind: 'transfer', member: m })}
                        onDeactivate={(m) => setMemberDialog({ kind: 'deactivate', member: m })}
                      />
                    </>
                  )}
                </Card>
              ) : null}
            </>
          )}
        </div>
      </div>

      {orgDialog?.kind === 'create' ? (
        <OrgFormModal
          open
          tree={tree}
          parent={orgDialog.parent}
          onClose={() => setOrgDialog(null)}
          onSaved={(o) => {
            void message.success(t('org.created', { name: o.name }));
            update({ org: String(o.id) });
          }}
        />
      ) : null}
      {orgDialog?.kind === 'edit' ? (
        <OrgFormModal
          open
          tree={tree}
          parent={items.find((o) => o.id === orgDialog.node.parentId) ?? null}
          node={orgDialog.node}
          onClose={() => setOrgDialog(null)}
          onSaved={() => void message.success(t('common.saved'))}
        />
      ) : null}
      {orgDialog?.kind === 'move' ? (
        <OrgMoveModal open node={orgDialog.node} orgs={items} onClose={() => setOrgDialog(null)} />
      ) : null}
      {orgDialog?.kind === 'deactivate' ? (
        <OrgDeactivateModal open node={orgDialog.node} onClose={() => setOrgDialog(null)} />
      ) : null}

      {memberDialog?.kind === 'create' ? (
        <MemberFormModal
          open
          defaultBranchId={selected && canHoldMembers(selected.kind) ? selected.id : null}
          onClose={() => setMemberDialog(null)}
          onSaved={() => void message.success(t('common.saved'))}
        />
      ) : null}
      {memberDialog?.kind === 'edit' ? (
        <MemberEditLoader member={memberDialog.member} onClose={() => setMemberDialog(null)} />
      ) : null}
      {memberDialog?.kind === 'transfer' ? (
        <MemberTransferModal open member={memberDialog.member} onClose={() => setMemberDialog(null)} />
      ) : null}
      {memberDialog?.kind === 'deactivate' ? (
        <MemberDeactivateModal open member={memberDialog.member} onClose={() => setMemberDialog(null)} />
      ) : null}
    </>
  );
}

/** The list lacks dates; editing loads the full record first so no field is blanked by mistake. */
function MemberEditLoader({ member, onClose }: { member: MemberSummary; onClose: () => void }) {
  const detail = useMemberDetail(member.id);
  const { message } = App.useApp();
  const { t } = useI18n();
  if (detail.isPending) return null;
  if (detail.isError) {
    return (
      <Modal open title={member.name} onCancel={onClose} footer={null}>
        <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
      </Modal>
    );
  }
  return (
    <MemberFormModal
      open
      member={detail.data}
      onClose={onClose}
      onSaved={() => void message.success(t('common.saved'))}
    />
  );
}
