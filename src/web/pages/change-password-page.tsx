import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isAcceptablePassword } from '../../domain/access/password-policy.js';
import { useChangePassword, useMe } from '../auth/session.js';
import { errorText } from '../components/feedback.js';
import { placeServerError } from '../components/form-errors.js';
import { PageTitle } from '../components/page-title.js';
import { useI18n } from '../i18n/index.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码; the app sends users here first while their password must change (new or reset accounts). */
export function ChangePasswordPage() {
  const me = useMe();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const [banner, setBanner] = useState<unknown>(null);

  const submit = (v: Values) => {
    setBanner(null);
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          void message.success(t('password.changed'));
          void navigate('/', { replace: true });
        },
        onError: (e) =>
          setBanner(
            placeServerError(form, e, locale, ['currentPassword', 'newPassword'], {
              wrong_password: 'currentPassword',
              weak_password: 'newPassword',
            }),
          ),
      },
    );
  };

  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }}>
      <PageTitle>{t('password.title')}</PageTitle>
      {me.mustChangePassword ? (
        <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />
      ) : null}
      <Card>
        {banner ? (
          <Alert type="error" showIcon title={errorText(banner, locale, t)} style={{ marginBottom: 16 }} />
        ) : null}
        <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {/* Lets password managers tie the new password to the account. */}
          <input type="text" name="username" autoComplete="username" value={me.account} readOnly hidden />
          <Form.Item
            label={t('password.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('password.new')}
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
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('password.confirm')}
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('form.required') },
              ({ getFieldValue }) => ({
                validator: (_r, v: string | undefined) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} block>
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
