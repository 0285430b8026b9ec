import { Alert, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { OrgNode } from '../../../contracts/org.js';
import { canSitUnder, type OrgKind, partyKinds, type Tree, unitKinds } from '../../../domain/org/tree.js';
import { ApiError } from '../../api/client.js';
import { useToday } from '../../app/server-day.js';
import { DateInput } from '../../components/date-input.js';
import { errorText } from '../../components/feedback.js';
import { placeServerError } from '../../components/form-errors.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { useI18n } from '../../i18n/index.js';
import { useCreateOrg, useDeactivateOrg, useMoveOrg, useUpdateOrg } from './api.js';

const CODE_PATTERN = /^[A-Za-z0-9_.-]+$/;

interface OrgFormValues {
  kind: OrgKind;
  code: string;
  name: string;
  sortOrder?: number | null;
  activeFrom?: string | null;
  linkedUnitId?: number | null;
}

/** Creates a child under `parent` (or a root when null), or edits `node`. */
export function OrgFormModal({
  open,
  onClose,
  tree,
  parent,
  node,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  tree: Tree;
  parent: OrgNode | null;
  node?: OrgNode;
  onSaved?: (org: OrgNode) => void;
}) {
  const today = useToday();
  const { t, locale, kindLabel } = useI18n();
  const [form] = Form.useForm<OrgFormValues>();
  const create = useCreateOrg();
  const update = useUpdateOrg();
  const [banner, setBanner] = useState<unknown>(null);
  const editing = node !== undefined;
  const kinds = (tree === 'party' ? partyKinds : unitKinds).filter((k) =>
    canSitUnder(k, parent?.kind ?? null),
  );
  const pending = create.isPending || update.isPending;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    const common = {
      name: v.name,
      code: v.code,
      ...(v.sortOrder != null ? { sortOrder: v.sortOrder } : {}),
      ...(tree === 'party' ? { linkedUnitId: v.linkedUnitId ?? null } : {}),
    };
    const onError = (e: unknown) =>
      setBanner(
        placeServerError(
          form,
          e,
          locale,
          ['code', 'name', 'kind', 'sortOrder', 'activeFrom', 'linkedUnitId'],
          {
            duplicate_code: 'code',
            invalid_parent: 'kind',
          },
        ),
      );
    const done = (org: OrgNode) => {
      onSaved?.(org);
      onClose();
    };
    if (editing) {
      update.mutate({ id: node.id, body: common }, { onSuccess: done, onError });
    } else {
      create.mutate(
        {
          ...common,
          kind: v.kind,
          parentId: parent?.id ?? null,
          ...(v.activeFrom ? { activeFrom: v.activeFrom } : {}),
        },
        { onSuccess: done, onError },
      );
    }
  };

  return (
    <Modal
      open={open}
      title={
        editing
          ? t('org.editTitle', { name: node.name })
          : parent
            ? t('org.createUnder', { name: parent.name })
            : t('org.createRoot')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={pending}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) setBanner(null);
      }}
    >
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<OrgFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                kind: node.kind,
                code: node.code,
                name: node.name,
                sortOrder: node.sortOrder,
                linkedUnitId: node.linkedUnitId,
              }
            : { kind: kinds[0], activeFrom: today, sortOrder: 0 }
        }
      >
        <Form.Item
          label={t('org.kind')}
          name="kind"
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            disabled={editing}
            options={(editing ? [node.kind] : kinds).map((k) => ({ value: k, label: kindLabel(k) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('org.name')}
          name="name"
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 100, message: t('form.maxLength', { max: 100 }) },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('org.code')}
          name="code"
          extra={t('org.codeHint')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 32, message: t('form.maxLength', { max: 32 }) },
            { pattern: CODE_PATTERN, message: t('org.codePattern') },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item label={t('org.sortOrder')} name="sortOrder" extra={t('org.sortOrderHint')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {editing ? null : (
          <Form.Item label={t('org.activeFrom')} name="activeFrom">
            <DateInput allowClear={false} />
          </Form.Item>
        )}
        {tree === 'party' ? (
          <Form.Item label={t('org.linkedUnit')} name="linkedUnitId" extra={t('org.linkedUnitHint')}>
            <OrgTreeSelect tree="unit" allowClear placeholder={t('org.linkedUnitPlaceholder')} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** Moves a node under another parent of the same tree; impossible targets are greyed out. */
export function OrgMoveModal({
  open,
  onClose,
  node,
  orgs,
}: {
  open: boolean;
  onClose: () => void;
  node: OrgNode;
  orgs: readonly OrgNode[];
}) {
  const { t, locale, kindLabel } = useI18n();
  const [form] = Form.useForm<{ parentId: number }>();
  const move = useMoveOrg();
  const [banner, setBanner] = useState<unknown>(null);
  // Descendants cannot be targets: compute them once from the flat list.
  const below = new Set<number>([node.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of orgs) {
      if (o.parentId != null && below.has(o.parentId) && !below.has(o.id)) {
        below.add(o.id);
        grew = true;
      }
    }
  }
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const currentParent = node.parentId == null ? null : byId.get(node.parentId);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    move.mutate(
      { id: node.id, parentId: v.parentId },
      {
        onSuccess: onClose,
        onError: (e) =>
          setBanner(
            placeServerError(form, e, locale, ['parentId'], {
              invalid_move: 'parentId',
              invalid_parent: 'parentId',
              org_inactive: 'parentId',
            }),
          ),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('org.moveTitle', { name: node.name })}
      okText={t('org.move')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={move.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('org.moveHint', { kind: kindLabel(node.kind), parent: currentParent?.name ?? '—' })}
      </Typography.Paragraph>
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          label={t('org.newParent')}
          name="parentId"
          rules={[
            { required: true, message: t('form.required') },
            {
              validator: (_r, v: number | undefined) =>
                v === node.parentId ? Promise.reject(new Error(t('org.sameParent'))) : Promise.resolve(),
            },
          ]}
        >
          <OrgTreeSelect
            tree={node.tree}
            selectable={(o) => !below.has(o.id) && !o.activeTo && canSitUnder(node.kind, o.kind)}
            placeholder={t('org.pickParent')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Ends a node's active period; the server refuses while it still has active children or members. */
export function OrgDeactivateModal({
  open,
  onClose,
  node,
}: {
  open: boolean;
  onClose: () => void;
  node: OrgNode;
}) {
  const today = useToday();
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ activeTo: string }>();
  const deactivate = useDeactivateOrg();
  const [banner, setBanner] = useState<unknown>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    deactivate.mutate(
      { id: node.id, activeTo: v.activeTo },
      { onSuccess: onClose, onError: (e) => setBanner(placeServerError(form, e, locale, ['activeTo'])) },
    );
  };

  const counts =
    banner instanceof ApiError && banner.code === 'org_has_active_children'
      ? (banner.details as { children?: number; members?: number } | undefined)
      : undefined;

  return (
    <Modal
      open={open}
      title={t('org.deactivateTitle', { name: node.name })}
      okText={t('org.deactivate')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={deactivate.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('org.deactivateHint')}</Typography.Paragraph>
      {banner ? (
        <Alert
          type="error"
          showIcon
          title={errorText(banner, locale, t)}
          description={
            counts
              ? t('org.activeChildrenCounts', {
                  children: counts.children ?? 0,
                  members: counts.members ?? 0,
                })
              : undefined
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ activeTo: today }}>
        <Form.Item
          label={t('org.activeTo')}
          name="activeTo"
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DateInput min={node.activeFrom} allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
