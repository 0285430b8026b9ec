import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  BulbOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DownOutlined,
  EditOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  MessageOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  StarOutlined,
  TableOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Layout, type MenuProps, Space, Tag, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { useLogout, useMe } from '../auth/session.js';
import { PageSpinner } from '../components/feedback.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { MenuButton } from '../components/menu-button.js';
import { OnFirstOpen } from '../components/on-first-open.js';
import { useI18n } from '../i18n/index.js';

import {
  type NavGroupKey,
  type NavKey,
  navGroupLabels,
  navGroupOf,
  navKeyOfPath,
  navLabels,
  navPaths,
  visibleNavTree,
} from '../lib/nav.js';
import { useWide } from '../lib/wide.js';

// The phone's navigation drawer is fetched when first opened.
const NavDrawer = lazy(async () => ({ default: (await import('./nav-drawer.js')).NavDrawer }));

// The navigation menu comes in its own chunk (with the header's dropdowns): a phone opens it
// from a drawer, and the page's first screen does not wait for it.
const Menu = lazy(() => import('./nav-menu.js'));

const navIcons: Record<NavKey, ReactNode> = {
  home: <HomeOutlined />,
  orgs: <ApartmentOutlined />,
  users: <SafetyCertificateOutlined />,
  import: <CloudUploadOutlined />,
  audit: <AuditOutlined />,
  calendar: <CalendarOutlined />,
  me: <IdcardOutlined />,
  myPoints: <StarOutlined />,
  pointsEntries: <EditOutlined />,
  pointsActivities: <FlagOutlined />,
  pointsReview: <CheckSquareOutlined />,
  pointsBoard: <TrophyOutlined />,
  pointsQuarters: <FieldTimeOutlined />,
  pointsYear: <BarChartOutlined />,
  pointsAppeals: <MessageOutlined />,
  pointsSchemes: <FileTextOutlined />,
  beMonth: <FormOutlined />,
  bePeer: <TeamOutlined />,
  beVerify: <FileSearchOutlined />,
  beApprove: <SafetyOutlined />,
  beRankings: <OrderedListOutlined />,
  bePlans: <ProfileOutlined />,
  beLibrary: <BookOutlined />,
  beIntegration: <ApiOutlined />,
  termsCheckin: <CheckSquareOutlined />,
  termsCalendar: <ScheduleOutlined />,
  termsMatrix: <TableOutlined />,
  inspCampaigns: <AuditOutlined />,
  inspRectifications: <ToolOutlined />,
  projects: <ProjectOutlined />,
  projectsPlan: <ScheduleOutlined />,
  projectsLibrary: <BulbOutlined />,
};

const groupIcons: Record<NavGroupKey, ReactNode> = {
  points: <TrophyOutlined />,
  branchEval: <FlagOutlined />,
  terms: <ScheduleOutlined />,
  inspection: <SafetyCertificateOutlined />,
  projects: <ProjectOutlined />,
};

function Brand({ short }: { short?: boolean }) {
  const { t } = useI18n();
  return (
    // The link names itself by its text; only the bare logo needs a label.
    <Link to="/" className="kh-brand" aria-label={short ? t('app.name') : undefined}>
      <img src="/favicon.svg" alt="" />
      {short ? null : <span>{t('app.shortName')}</span>}
    </Link>
  );
}

/**
 * The frame of every logged-in page: a left menu (a drawer on phones) with the modules the
 * user may use, and a header with language, the user's name and roles, and account actions.
 */
export function AppLayout() {
  const me = useMe();
  const { t, roleLabel } = useI18n();
  const phone = !useWide();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const logout = useLogout();
  // While the password must change, the menu would only lead back here.
  const forced = me.mustChangePassword;

  const entry = (key: NavKey) => ({
    key,
    icon: navIcons[key],
    label: <Link to={navPaths[key]}>{t(navLabels[key])}</Link>,
  });
  const items: MenuProps['items'] = forced
    ? []
    : visibleNavTree(me).map((n) =>
        n.kind === 'item'
          ? entry(n.key)
          : {
              key: n.key,
              icon: groupIcons[n.key],
              label: t(navGroupLabels[n.key]),
              children: n.children.map(entry),
            },
      );
  const selected = navKeyOfPath(location.pathname);
  const selectedGroup = selected ? navGroupOf(selected) : undefined;
  // The module groups start open (members and secretaries live in them); the user may fold them.
  const [openKeys, setOpenKeys] = useState<string[]>(['points', 'branchEval']);
  // Arriving on a page of a folded group (from a link) unfolds it.
  useEffect(() => {
    if (selectedGroup) setOpenKeys((k) => (k.includes(selectedGroup) ? k : [...k, selectedGroup]));
  }, [selectedGroup]);
  const menu = (
    <Suspense fallback={null}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        openKeys={collapsed && !phone ? undefined : openKeys}
        onOpenChange={(keys) => setOpenKeys(keys)}
        onClick={() => setDrawerOpen(false)}
        style={{ borderInlineEnd: 'none' }}
        aria-label={t('nav.label')}
      />
    </Suspense>
  );

  const roleNames = [...new Set(me.grants.map((g) => roleLabel(g.role)))];
  const doLogout = () =>
    logout.mutate(undefined, {
      onSettled: () => void navigate('/login', { replace: true }),
    });

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        type: 'group',
        label: (
          <div style={{ maxWidth: 280 }}>
            <div>{t('common.nameWithNote', { name: me.displayName, note: me.account })}</div>
            {me.grants.map((g) => (
              <div key={g.id} style={{ fontSize: 12 }}>
                {roleLabel(g.role)} · {g.orgName}
              </div>
            ))}
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') void navigate('/password');
      if (key === 'logout') doLogout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {navigation.state === 'loading' ? (
        <div className="kh-nav-progress" role="progressbar" aria-label={t('common.loading')} />
      ) : null}
      {!phone && !forced ? (
        <Layout.Sider
          width={220}
          collapsedWidth={64}
          collapsible
          collapsed={collapsed}
          trigger={null}
          theme="light"
          style={{
            borderInlineEnd: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            height: '100vh',
            overflow: 'auto',
          }}
        >
          <div className="kh-sider-brand">
            <Brand short={collapsed} />
          </div>
          <nav>{menu}</nav>
        </Layout.Sider>
      ) : null}
      {phone && !forced ? (
        <OnFirstOpen open={drawerOpen}>
          <NavDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)} title={<Brand />}>
            <nav>{menu}</nav>
          </NavDrawer>
        </OnFirstOpen>
      ) : null}
      <Layout>
        <Layout.Header className="kh-header" style={phone ? { paddingInline: 8 } : undefined}>
          {forced ? null : phone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.open')}
              onClick={() => setDrawerOpen(true)}
            />
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              aria-expanded={!collapsed}
              onClick={() => setCollapsed((c) => !c)}
            />
          )}
          {phone || forced ? <Brand short={phone} /> : null}
          <div className="kh-header-spacer" />
          {!phone && roleNames.length > 0 ? (
            <Space size={4} wrap={false} style={{ overflow: 'hidden' }}>
              {roleNames.slice(0, 2).map((r) => (
                <Tag key={r} color="red" variant="filled">
                  {r}
                </Tag>
              ))}
              {roleNames.length > 2 ? <Tag>+{roleNames.length - 2}</Tag> : null}
            </Space>
          ) : null}
          <LanguageSwitch compact={phone} />
          <MenuButton menu={userMenu} placement="bottomRight">
            <Button
              type="text"
              aria-label={`${t('header.account')}: ${me.displayName}`}
              style={{ paddingInline: 6 }}
            >
              <Space size={6}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c4161c' }} />
                {phone ? null : <Typography.Text>{me.displayName}</Typography.Text>}
                {phone ? null : <DownOutlined style={{ fontSize: 10 }} />}
              </Space>
            </Button>
          </MenuButton>
        </Layout.Header>
        {/* Layout.Content is itself the page's <main> landmark: no second one inside it. */}
        <Layout.Content className="kh-content">
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
