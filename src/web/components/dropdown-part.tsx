import { Dropdown } from 'antd';

/** antd's dropdown (and the menu it shows), in its own chunk: see `MenuButton`. */
export default Dropdown;
