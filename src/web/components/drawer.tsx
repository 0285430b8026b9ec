import { Drawer, type DrawerProps } from 'antd';

/**
 * antd's drawer in a module of its own, so a page loads it (and antd draws its styles) when the
 * drawer first opens: `lazy(() => import('…/drawer.js'))` inside `OnFirstOpen`.
 */
export function PageDrawer(props: DrawerProps) {
  return <Drawer {...props} />;
}
