import { Table, type TableProps } from 'antd';
import type { BoardRow } from '../../features/points/api.js';

/**
 * The board as antd's table: on wide screens and for printing. It lives in its own chunk so a
 * phone, which shows the board as a plain list, does not download the table (and the tree its
 * filter menus import) until it prints.
 */
export function BoardTable(props: TableProps<BoardRow>) {
  return <Table<BoardRow> {...props} />;
}
