import type { ThemeConfig } from 'antd';

/** 党建红: the colour party organisations print their material in; white on it passes WCAG AA. */
export const PARTY_RED = '#c4161c';

/**
 * antd's theme of the whole app. It lives apart from the provider so that the build can draw the
 * first screens' component styles with exactly these tokens (`first-screen-styles.ts`).
 */
export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#a8071a',
    borderRadius: 6,
    // antd's secondary grey (#8c8c8c, 3.4:1 on white) fails WCAG AA for text; these keep
    // 4.5:1 on white and on the page's grey background, placeholders included.
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
  components: {
    Layout: { headerBg: '#fff', siderBg: '#fff', headerHeight: 56, headerPadding: '0 16px' },
    // Status tags print their text in the status colour on its pale background: antd's
    // greens and oranges there fall under 4.5:1, these darker shades do not.
    Tag: {
      colorSuccess: '#237804',
      colorWarning: '#ad4e00',
      colorInfo: '#0958d9',
      colorError: '#a8071a',
    },
  },
};
