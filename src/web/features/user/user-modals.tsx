import {
  Alert,
  Button,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { OrgNode } from '../../../contracts/org.js';
import type { UserSummary } from '../../../contracts/user.js';
import { isAcceptablePassword } from '../../../domain/access/password-policy.js';
import { type Role, roles } from '../../../domain/access/roles.js';
import { errorText } from '../../components/feedback.js';
import { placeServerError } from '../../components/form-errors.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { useI18n } from '../../i18n/index.js';
import { cryptoRandom, generatePassword } from '../../lib/password.js';
import { useMemberSearch } from '../member/api.js';
import { useAddGrant, useCreateUser, useRemoveGrant, useResetPassword } from './api.js';

const ACCOUNT_PATTERN = /^[A-Za-z0-9_.@-]+$/;

/** A password field with a "generate" button: admins hand the first password over on paper. */
function PasswordWithGenerate({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
}) {
  const { t } = useI18n();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        spellCheck={false}
      />
      <Button onClick={() => onChange?.(generatePassword(cryptoRandom))}>{t('user.generatePassword')}</Button>
    </Space.Compact>
  );
}

function MemberPicker({
  value,
  onChange,
  id,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const found = useMemberSearch(q, true);
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={t('user.memberSearchPlaceholder')}
      notFoundContent={
        q.trim() ? (found.isFetching ? t('common.loading') : t('common.noData')) : t('user.memberSearchHint')
      }
      options={(found.data?.items ?? []).map((m) => ({
        value: m.id,
        label: `${t('common.nameWithNote', { name: m.name, note: m.employeeNo })}${m.branchName ? ` · ${m.branchName}` : ''}`,
      }))}
    />
  );
}

interface CreateValues {
  account: string;
  displayName: string;
  password: string;
  memberId?: number | null;
}

export function UserCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateUser();
  const [banner, setBanner] = useState<unknown>(null);
  const [created, setCreated] = useState<{ account: string; password: string } | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    create.mutate(
      {
        account: v.account.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        memberId: v.memberId ?? null,
      },
      {
        onSuccess: (u) => setCreated({ account: u.account, password: v.password }),
        onError: (e) =>
          setBanner(
            placeServerError(form, e, locale, ['account', 'displayName', 'password', 'memberId'], {
              duplicate_account: 'account',
              weak_password: 'password',
            }),
          ),
      },
    );
  };

  if (created) {
    return (
      <Modal
        open={open}
        title={t('user.createdTitle')}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose}>
            {t('common.done')}
          </Button>
        }
      >
        <Alert type="success" showIcon title={t('user.createdBody')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph>
          {t('user.account')}: <Typography.Text code>{created.account}</Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph>
          {t('user.initialPassword')}:{' '}
          <Typography.Text code copyable>
            {created.password}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal
      open={open}
      title={t('user.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<CreateValues> form={form} layout="vertical" preserve={false}>
        <Form.Item
          label={t('user.account')}
          name="account"
          extra={t('user.accountHint')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { min: 2, message: t('form.minLength', { min: 2 }) },
            { max: 64, message: t('form.maxLength', { max: 64 }) },
            { pattern: ACCOUNT_PATTERN, message: t('user.accountPattern') },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} autoCapitalize="off" />
        </Form.Item>
        <Form.Item
          label={t('user.displayName')}
          name="displayName"
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 50, message: t('form.maxLength', { max: 50 }) },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('user.initialPassword')}
          name="password"
          extra={t('user.initialPasswordHint')}
          rules={[
            { required: true, message: t('form.required') },
            {
              validator: (_r, v: string | undefined) =>
                !v || isAcceptablePassword(v)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.weak'))),
            },
          ]}
        >
          <PasswordWithGenerate />
        </Form.Item>
        <Form.Item label={t('user.linkMember')} name="memberId" extra={t('user.linkMemberHint')}>
          <MemberPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetPassword();
  const [banner, setBanner] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    reset.mutate(
      { id: user.id, newPassword: v.newPassword },
      {
        onSuccess: () => setDone(v.newPassword),
        onError: (e) =>
          setBanner(placeServerError(form, e, locale, ['newPassword'], { weak_password: 'newPassword' })),
      },
    );
  };

  return (
    <Modal
      open
      title={t('user.resetTitle', { name: user.displayName })}
      okText={done ? t('common.done') : t('user.resetPassword')}
      cancelText={t('common.cancel')}
      cancelButtonProps={done ? { style: { display: 'none' } } : {}}
      onOk={() => (done ? onClose() : void submit())}
      confirmLoading={reset.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      {done ? (
        <>
          <Alert type="success" showIcon title={t('user.resetDone')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph>
            {t('user.newPassword')}:{' '}
            <Typography.Text code copyable>
              {done}
            </Typography.Text>
          </Typography.Paragraph>
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('user.resetHint')}</Typography.Paragraph>
          {banner ? (
            <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
          ) : null}
          <Form form={form} layout="vertical" preserve={false}>
            <Form.Item
              label={t('user.newPassword')}
              name="newPassword"
              extra={t('password.policy')}
              rules={[
                { required: true, message: t('form.required') },
                {
                  validator: (_r, v: string | undefined) =>
                    !v || isAcceptablePassword(v)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('password.weak'))),
                },
              ]}
            >
              <PasswordWithGenerate />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** The user's role grants: each with a remove button, and a form to add one at an org node. */
export function GrantsModal({
  user,
  onClose,
  selfId,
}: {
  user: UserSummary;
  onClose: () => void;
  selfId: number;
}) {
  const { t, locale, roleLabel } = useI18n();
  const [form] = Form.useForm<{ role: Role; orgId: number }>();
  const add = useAddGrant();
  const remove = useRemoveGrant();
  const [banner, setBanner] = useState<unknown>(null);
  const [current, setCurrent] = useState<UserSummary>(user);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    // Invalid fields already show their messages.
    if (!v) return;
    setBanner(null);
    add.mutate(
      { id: user.id, role: v.role, orgId: v.orgId },
      {
        onSuccess: (u) => {
          setCurrent(u);
          form.resetFields();
        },
        onError: (e) => setBanner(placeServerError(form, e, locale, ['role', 'orgId'])),
      },
    );
  };

  return (
    <Modal
      open
      title={t('user.grantsTitle', { name: user.displayName })}
      onCancel={onClose}
      footer={null}
      width={600}
      destroyOnHidden
    >
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('user.currentGrants')}
      </Typography.Title>
      {current.grants.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('user.noGrants')} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={current.grants}
          rowKey="id"
          renderItem={(g) => (
            <List.Item
              actions={[
                <Popconfirm
                  key="remove"
                  title={t('user.removeGrantConfirm', { role: roleLabel(g.role), org: g.orgName })}
                  okText={t('user.removeGrant')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  disabled={g.role === 'admin' && user.id === selfId}
                  onConfirm={() =>
                    remove
                      .mutateAsync({ id: user.id, grantId: g.id })
                      .then(setCurrent, (e: unknown) => setBanner(e))
                  }
                >
                  <Button
                    type="link"
                    danger
                    size="small"
                    disabled={g.role === 'admin' && user.id === selfId}
                    aria-label={`${t('user.removeGrant')}: ${roleLabel(g.role)} · ${g.orgName}`}
                  >
                    {t('user.removeGrant')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Space wrap>
                <Tag color="red">{roleLabel(g.role)}</Tag>
                <span>{g.orgName}</span>
                <Typography.Text type="secondary">{g.orgCode}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 24 }}>
        {t('user.addGrant')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('user.grantHint')}</Typography.Paragraph>
      {banner ? (
        <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          label={t('user.role')}
          name="role"
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            options={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
            placeholder={t('user.pickRole')}
          />
        </Form.Item>
        <Form.Item
          label={t('user.grantOrg')}
          name="orgId"
          rules={[{ required: true, message: t('form.required') }]}
        >
          <OrgTreeSelect
            tree="party"
            selectable={(o: OrgNode) => !o.activeTo}
            placeholder={t('user.pickOrg')}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('user.grant')}
        </Button>
      </Form>
    </Modal>
  );
}
