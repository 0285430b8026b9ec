import { Alert, Col, Form, Input, Modal, Radio, Row, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import type { MemberSummary } from '../../../contracts/member.js';
import type { OrgNode } from '../../../contracts/org.js';
import { canHoldMembers } from '../../../domain/org/tree.js';
import { useToday } from '../../app/server-day.js';
import { DateInput } from '../../components/date-input.js';
import { errorText } from '../../components/feedback.js';
import { placeServerError } from '../../components/form-errors.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { useI18n } from '../../i18n/index.js';
import { useCreateMember, useDeactivateMember, useTransferMember, useUpdateMember } from './api.js';

const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;
const isBranch = (o: OrgNode) => canHoldMembers(o.kind) && !o.activeTo;

interface MemberFormValues {
  employeeNo: string;
  name: string;
  gender: 'M' | 'F';
  isPartyMember: boolean;
  status?: 'full' | 'probationary' | null;
  branchId?: number | null;
  unitId?: number | null;
  birthDate?: string | null;
  joinDate?: string | null;
  fullDate?: string | null;
  post?: string | null;
  phone?: string | null;
}

type EditableMember = MemberSummary & {
  birthDate?: string | null;
  joinDate?: string | null;
  fullDate?: string | null;
};

const blankToNull = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/** Adds a member (into `defaultBranchId` when given) or edits `member`. */
export function MemberFormModal({
  open,
  onClose,
  member,
  defaultBranchId,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  member?: EditableMember;
  defaultBranchId?: number | null;
  onSaved?: (id: number) => void;
}) {
  const today = useToday();
  const { t, locale } = useI18n();
  const [form] = Form.useForm<MemberFormValues>();
  const create = useCreateMember();
  const update = useUpdateMember();
  const [banner, setBanner] = useState<unknown>(null);
  const editing = member !== undefined;
  const isParty = Form.useWatch('isPartyMember', form) ?? member?.isPartyMember ?? true;
  const status = Form.useWatch('status', form);

  const fields = [
    'employeeNo',
    'name',
    'gender',
    'status',
    'branchId',
    'unitId',
    'birthDate',
    'joinDate',
    'fullDate',
    'post',
    'phone',
  ] as const;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    const body = {
      name: v.name.trim(),
      gender: v.gender,
      birthDate: v.birthDate ?? null,
      status: isParty ? (v.status ?? null) : null,
      joinDate: isParty ? (v.joinDate ?? null) : null,
      fullDate: isParty && v.status === 'full' ? (v.fullDate ?? null) : null,
      unitId: v.unitId ?? null,
      post: blankToNull(v.post),
      phone: blankToNull(v.phone),
    };
    const onError = (e: unknown) =>
      setBanner(
        placeServerError(form, e, locale, fields, {
          duplicate_employee_no: 'employeeNo',
          not_a_branch: 'branchId',
          org_inactive: 'branchId',
        }),
      );
    const onSuccess = (m: { id: number }) => {
      onSaved?.(m.id);
      onClose();
    };
    if (editing) update.mutate({ id: member.id, body }, { onSuccess, onError });
    else
      create.mutate(
        {
          ...body,
          employeeNo: v.employeeNo.trim(),
          isPartyMember: v.isPartyMember,
          branchId: v.branchId ?? null,
        },
        { onSuccess, onError },
      );
  };

  const required = { required: true, message: t('form.required') };

  return (
    <Modal
      open={open}
      width={640}
      title={editing ? t('member.editTitle', { name: member.name }) : t('member.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<MemberFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                employeeNo: member.employeeNo,
                name: member.name,
                gender: member.gender,
                isPartyMember: member.isPartyMember,
                status: member.status,
                branchId: member.branchId,
                unitId: member.unitId,
                birthDate: member.birthDate ?? null,
                joinDate: member.joinDate ?? null,
                fullDate: member.fullDate ?? null,
                post: member.post,
                phone: member.phone,
              }
            : { gender: 'M', isPartyMember: true, status: 'full', branchId: defaultBranchId ?? null }
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('member.employeeNo')}
              name="employeeNo"
              rules={[
                required,
                { whitespace: true, message: t('form.required') },
                { max: 32, message: t('form.maxLength', { max: 32 }) },
              ]}
            >
              <Input disabled={editing} autoComplete="off" spellCheck={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('member.name')}
              name="name"
              rules={[
                required,
                { whitespace: true, message: t('form.required') },
                { max: 50, message: t('form.maxLength', { max: 50 }) },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('member.gender')} name="gender" rules={[required]}>
              <Radio.Group
                options={[
                  { value: 'M', label: t('member.gender.M') },
                  { value: 'F', label: t('member.gender.F') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('member.birthDate')} name="birthDate">
              <DateInput max={today} />
            </Form.Item>
          </Col>
          {editing ? null : (
            <Col xs={24}>
              <Form.Item label={t('member.isPartyMember')} name="isPartyMember" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
          {isParty ? (
            <>
              {editing ? null : (
                <Col xs={24}>
                  <Form.Item
                    label={t('member.branch')}
                    name="branchId"
                    rules={[required]}
                    extra={t('member.branchHint')}
                  >
                    <OrgTreeSelect tree="party" selectable={isBranch} placeholder={t('member.pickBranch')} />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} sm={12}>
                <Form.Item label={t('member.status')} name="status" rules={[required]}>
                  <Select
                    options={[
                      { value: 'full', label: t('member.status.full') },
                      { value: 'probationary', label: t('member.status.probationary') },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item label={t('member.joinDate')} name="joinDate">
                  <DateInput max={today} />
                </Form.Item>
              </Col>
              {status === 'full' ? (
                <Col xs={24} sm={12}>
                  <Form.Item label={t('member.fullDate')} name="fullDate">
                    <DateInput max={today} />
                  </Form.Item>
                </Col>
              ) : null}
            </>
          ) : null}
          <Col xs={24} sm={12}>
            <Form.Item label={t('member.unit')} name="unitId" rules={isParty ? [] : [required]}>
              <OrgTreeSelect tree="unit" allowClear placeholder={t('member.pickUnit')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('member.post')}
              name="post"
              rules={[{ max: 50, message: t('form.maxLength', { max: 50 }) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('member.phone')}
              name="phone"
              rules={[{ pattern: PHONE_PATTERN, message: t('member.phonePattern') }]}
            >
              <Input inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** Moves a member to another branch from a date, keeping the branch history. */
export function MemberTransferModal({
  open,
  onClose,
  member,
}: {
  open: boolean;
  onClose: () => void;
  member: MemberSummary;
}) {
  const today = useToday();
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ toBranchId: number; date: string; reason?: string }>();
  const transfer = useTransferMember();
  const [banner, setBanner] = useState<unknown>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    transfer.mutate(
      {
        id: member.id,
        body: {
          toBranchId: v.toBranchId,
          date: v.date,
          ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        },
      },
      {
        onSuccess: onClose,
        onError: (e) =>
          setBanner(
            placeServerError(form, e, locale, ['toBranchId', 'date', 'reason'], {
              not_a_branch: 'toBranchId',
              org_inactive: 'toBranchId',
            }),
          ),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('member.transferTitle', { name: member.name })}
      okText={t('member.transfer')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={transfer.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('member.transferHint', { branch: member.branchName ?? '—' })}
      </Typography.Paragraph>
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ date: today }}>
        <Form.Item
          label={t('member.toBranch')}
          name="toBranchId"
          rules={[{ required: true, message: t('form.required') }]}
        >
          <OrgTreeSelect
            tree="party"
            selectable={(o) => isBranch(o) && o.id !== member.branchId}
            placeholder={t('member.pickBranch')}
          />
        </Form.Item>
        <Form.Item
          label={t('member.transferDate')}
          name="date"
          rules={[{ required: true, message: t('form.required') }]}
          extra={t('member.transferDateHint')}
        >
          <DateInput allowClear={false} />
        </Form.Item>
        <Form.Item
          label={t('member.reason')}
          name="reason"
          rules={[{ max: 200, message: t('form.maxLength', { max: 200 }) }]}
        >
          <Input.TextArea rows={2} showCount maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Takes a member off the rolls from a date (left the organisation, died, moved away); nothing is deleted. */
export function MemberDeactivateModal({
  open,
  onClose,
  member,
}: {
  open: boolean;
  onClose: () => void;
  member: MemberSummary;
}) {
  const today = useToday();
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ date: string; reason?: string }>();
  const deactivate = useDeactivateMember();
  const [banner, setBanner] = useState<unknown>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    deactivate.mutate(
      { id: member.id, date: v.date, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
      {
        onSuccess: onClose,
        onError: (e) => setBanner(placeServerError(form, e, locale, ['date', 'reason'])),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('member.deactivateTitle', { name: member.name })}
      okText={t('member.deactivate')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={deactivate.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('member.deactivateHint')}</Typography.Paragraph>
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ date: today }}>
        <Form.Item
          label={t('member.deactivateDate')}
          name="date"
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DateInput allowClear={false} />
        </Form.Item>
        <Form.Item
          label={t('member.reason')}
          name="reason"
          rules={[{ max: 200, message: t('form.maxLength', { max: 200 }) }]}
        >
          <Input.TextArea rows={2} showCount maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
