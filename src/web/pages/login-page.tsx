import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin, useMeQuery } from '../auth/session.js';
import { errorText } from '../components/feedback.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { useDocumentTitle } from '../components/page-title.js';
import { useI18n } from '../i18n/index.js';
import { safeNext } from '../lib/nav.js';

export function LoginPage() {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMeQuery();
  const login = useLogin();
  const next = safeNext(params.get('next'));
  useDocumentTitle(null);

  if (me.data) return <Navigate to={me.data.mustChangePassword ? '/password' : next} replace />;

  return (
    <div className="kh-login">
      <div className="kh-login-top">
        <LanguageSwitch />
      </div>
      <main className="kh-login-main">
        {/* A plain box, not antd's Card: the card brings its tabs with it to the first page a
            phone loads. */}
        <section className="kh-login-card">
          <div style={{ textAlign: 'center', marginBottom: 24 }}>
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={1} style={{ fontSize: 24, margin: '12px 0 4px' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
          {login.error ? (
            <Alert
              type="error"
              showIcon
              title={errorText(login.error, locale, t)}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Form
            layout="vertical"
            requiredMark={false}
            size="large"
            onFinish={(values: { account: string; password: string }) =>
              login.mutate(values, {
                onSuccess: (user) =>
                  void navigate(user.mustChangePassword ? '/password' : next, { replace: true }),
              })
            }
          >
            <Form.Item
              label={t('login.account')}
              name="account"
              rules={[{ required: true, whitespace: true, message: t('login.accountRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                autoCapitalize="off"
                spellCheck={false}
              />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
        </section>
      </main>
    </div>
  );
}
