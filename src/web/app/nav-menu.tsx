import { Menu } from 'antd';

/** antd's menu for the left navigation, in its own chunk with the header's dropdowns. */
export default Menu;
