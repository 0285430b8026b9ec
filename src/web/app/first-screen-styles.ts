// Run by the build (vite.config.ts), in Node: antd's styles of the components the first screens
// draw — the login form, the app's frame, the home page, the board and the member's points page — as a plain
// CSS file. antd writes each component's styles into the page on the component's first render
// (serialising them from its theme tokens), which on a slow phone was the largest part of the
// first screen's script time. With this file the browser has them already: antd finds each
// style's key in the file (its `data-ant-cssinjs-cache-path` rule) and skips building and
// inserting it. Keys hold the theme's hash and antd's version, so a style drawn with another
// theme or version does not match and antd builds it at run time as before.
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import * as antd from 'antd';
import { createElement as h, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { appTheme } from './theme.js';

export function firstScreenStyles(): string {
  const {
    Alert,
    App,
    Avatar,
    Button,
    Card,
    Col,
    Descriptions,
    ConfigProvider,
    Empty,
    Form,
    Input,
    Layout,
    Row,
    Skeleton,
    Space,
    Spin,
    Tag,
    Typography,
  } = antd;
  const cache = createCache();
  const screens: ReactNode[] = [
    h(
      Layout,
      { key: 'layout' },
      h(Layout.Sider, null, 'nav'),
      h(Layout, null, h(Layout.Header, null, 'header'), h(Layout.Content, null, 'content')),
    ),
    h(Button, { key: 'b1', type: 'primary' }, 'a'),
    h(Button, { key: 'b2', type: 'text' }, 'b'),
    h(Button, { key: 'b3', type: 'link', size: 'small' }, 'c'),
    h(Avatar, { key: 'avatar' }, 'A'),
    h(Tag, { key: 'tag', color: 'red' }, 't'),
    ...(['success', 'processing', 'warning', 'error', 'default'] as const).map((color) =>
      h(Tag, { key: `tag-${color}`, color }, color),
    ),
    h(Card, { key: 'card', size: 'small', title: 'c' }, 'c'),
    h(Descriptions, { key: 'desc', items: [{ key: 'k', label: 'l', children: 'v' }] }),
    h(Typography.Title, { key: 'title', level: 2 }, 'h'),
    h(Typography.Text, { key: 'text', type: 'secondary' }, 's'),
    h(Typography.Paragraph, { key: 'p' }, 'p'),
    h(Space, { key: 'space', wrap: true }, h('span', null, 'x'), h('span', null, 'y')),
    h(Alert, { key: 'alert', type: 'info', showIcon: true, title: 'i' }),
    h(Empty, { key: 'empty' }),
    h(Spin, { key: 'spin' }),
    h(Skeleton, { key: 'skeleton', active: true }),
    h(Row, { key: 'row', gutter: 8 }, h(Col, { span: 12 }, 'c')),
    h(
      Form,
      { key: 'form', layout: 'vertical' },
      h(Form.Item, { label: 'l', name: 'n' }, h(Input, null)),
      h(Form.Item, { label: 'p', name: 'p' }, h(Input.Password, null)),
    ),
    h(Input.Search, { key: 'search', allowClear: true }),
  ];
  renderToString(
    h(
      StyleProvider,
      { cache },
      h(ConfigProvider, { theme: appTheme, button: { autoInsertSpace: false } }, h(App, null, ...screens)),
    ),
  );
  // Only the component styles: the theme's variables are written at run time as before.
  return extractStyle(cache, { plain: true, types: ['style'] });
}
