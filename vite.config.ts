import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repo = path.dirname(fileURLToPath(import.meta.url));

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `name.br` and `name.gz` next to every text asset of the build, so the server sends
 * compressed files without compressing on each request (brotli at its best quality costs
 * seconds per megabyte: fine once at build time, not per visit). Files that do not shrink by
 * a tenth are left alone.
 */
function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
  let outDir = '';
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])),
    );
    return nested.flat();
  };
  return {
    name: 'kaohe-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = (await walk(outDir)).filter((f) => compressible.test(f));
      await Promise.all(
        files.map(async (file) => {
          const raw = await fs.readFile(file);
          if (raw.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gzip(raw, { level: 9 }),
          ]);
          if (br.length < raw.length * 0.9) await fs.writeFile(`${file}.br`, br);
          if (gz.length < raw.length * 0.9) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/**
 * `virtual:antd-first-screen.css`: antd's styles of the components the first screens draw, drawn
 * at build time with the app's theme (`src/web/app/first-screen-styles.ts`), so a phone does not
 * build and insert them on its first render. Empty in the dev server, where antd's development
 * keys do not match (antd builds every style at run time there, as it does for any component
 * not in the file).
 */
function antdFirstScreen(): Plugin {
  const id = 'virtual:antd-first-screen.css';
  let build = false;
  return {
    name: 'kaohe-antd-first-screen',
    configResolved(config) {
      build = config.command === 'build' && config.isProduction;
    },
    resolveId(source) {
      return source === id ? `\0${id}` : undefined;
    },
    async load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      if (!build) return '';
      // antd keys its styles by mode: the build's are production keys.
      process.env.NODE_ENV = 'production';
      const { firstScreenStyles } = await import('./src/web/app/first-screen-styles.js');
      return firstScreenStyles();
    },
  };
}

/**
 * Puts the app's stylesheet into the page itself: the first paint waits for the styles, and as a
 * separate file they were one more round trip — on a phone's slow network one of some thirty
 * requests started at once — before anything could show. (The file is still written: the page
 * is the only one that names it.)
 */
function inlineStyles(): Plugin {
  return {
    name: 'kaohe-inline-styles',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle['index.html'];
      if (page?.type !== 'asset') return;
      let html = String(page.source);
      html = html.replace(
        /<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/g,
        (tag, file: string) => {
          const css = bundle[file];
          return css && css.type === 'asset' ? `<style>${String(css.source)}</style>` : tag;
        },
      );
      page.source = html;
    },
  };
}

/**
 * The web app. Its root is src/web, but it imports src/contracts and src/domain (types and
 * pure rules shared with the server), so the dev server may read the whole repository.
 * Tests do not use this file: vitest.config.ts has its own projects.
 */
/**
 * `vite build --ssr ssr.tsx`: the module the server draws a phone's first screen with
 * (`src/web/ssr.tsx`, loaded by `src/server/web-shell.ts`), written to dist/ssr. Everything it
 * imports is bundled (antd's modules are not loadable by Node as published), in production mode
 * like the browser's build, so both draw the same markup.
 */
const ssrConfig = defineConfig({
  root: path.join(repo, 'src/web'),
  base: '/',
  plugins: [react()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  ssr: { noExternal: true, target: 'node' },
  build: {
    outDir: path.join(repo, 'dist/ssr'),
    emptyOutDir: true,
    copyPublicDir: false,
    minify: false,
    reportCompressedSize: false,
  },
});

export default defineConfig((env) => (env.isSsrBuild ? ssrConfig : webConfig));

const webConfig = defineConfig({
  root: path.join(repo, 'src/web'),
  base: '/',
  plugins: [react(), antdFirstScreen(), inlineStyles(), precompress()],
  server: {
    port: 5173,
    fs: { allow: [repo] },
    // The Host header is kept (no changeOrigin): the server refuses a public write (login)
    // whose Origin names another host than the request's.
    // Only the server's API: the app's own module `src/web/api/client.ts` is served as /api/client.ts.
    proxy: { '^/api/(v1|integration|health|openapi)': { target: 'http://127.0.0.1:3000' } },
  },
  build: {
    outDir: path.join(repo, 'dist/web'),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: which files each module needs. The server reads it to name,
    // in the page it sends for a URL, the files of that URL's first screen (src/server/web-shell.ts).
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and the router change rarely: one long-cached chunk.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            // What nearly every page draws with — antd's style engine, theme and the components of
            // the login form, the app's frame, messages and dialogs, with the helpers they share —
            // as one file: on a phone each file costs a round trip, and split by importer this was
            // some sixty files of 0.4–9 kB on the first screen.
            {
              name: 'antd-base',
              test: /node_modules[\\/](antd[\\/]es[\\/](_util|config-provider|popover|popconfirm|theme|style|locale|app|button|form|input|grid|row|col|space|typography|spin|skeleton|alert|message|modal|notification|layout|flex|divider|tag|tooltip|empty|version)[\\/]|@ant-design[\\/](cssinjs|cssinjs-utils|colors|fast-color)[\\/]|@ant-design[\\/]icons[\\/]es[\\/](components|utils|icons[\\/](CheckCircleFilled|CloseCircleFilled|ExclamationCircleFilled|InfoCircleFilled|CloseOutlined|LoadingOutlined|CheckOutlined|EyeOutlined|EyeInvisibleOutlined|SearchOutlined|UserOutlined|LockOutlined)\.js)|@rc-component[\\/](util|motion|resize-observer|form|input|textarea|trigger|portal|dialog|notification|tooltip|async-validator|context)[\\/]|dayjs[\\/]|@babel[\\/]runtime[\\/]|classnames[\\/]|clsx[\\/]|throttle-debounce[\\/]|scroll-into-view-if-needed[\\/]|compute-scroll-into-view[\\/]|stylis[\\/]|@emotion[\\/])/,
              priority: 25,
            },
            // The icons of the app's frame, the board and the member's page: one file instead of
            // some fifteen of ≈ 1 kB on those first screens (the frame's menu alone was ten).
            {
              name: 'frame-icons',
              test: /node_modules[\\/]@ant-design[\\/]icons[\\/]es[\\/]icons[\\/](ApartmentOutlined|ApiOutlined|ArrowDownOutlined|ArrowUpOutlined|AuditOutlined|BarChartOutlined|BookOutlined|BulbOutlined|CalendarOutlined|CheckSquareOutlined|CloudUploadOutlined|DownOutlined|DownloadOutlined|EditOutlined|FieldTimeOutlined|FileSearchOutlined|FileTextOutlined|FlagOutlined|FormOutlined|GlobalOutlined|HomeOutlined|IdcardOutlined|KeyOutlined|LogoutOutlined|MenuFoldOutlined|MenuOutlined|MenuUnfoldOutlined|MessageOutlined|MinusOutlined|OrderedListOutlined|PlusOutlined|PrinterOutlined|ProfileOutlined|ProjectOutlined|SafetyCertificateOutlined|SafetyOutlined|ScheduleOutlined|StarOutlined|TableOutlined|TeamOutlined|ToolOutlined|TrophyOutlined|UserOutlined)\.js/,
              priority: 24,
            },
            // The app's own modules the first page needs before it can draw (its API table, words,
            // session, navigation rules…): one file with the entry's imports instead of seven.
            {
              name: 'app',
              tags: ['$initial'],
              test: /src[\\/](web[\\/](?!main\.tsx)|domain[\\/]|contracts[\\/])/,
              priority: 23,
            },
            // The small modules the app's frame, the board and the member's page share (their
            // pickers, labels, periods and points arithmetic): one file instead of a dozen of
            // 0.3–5 kB, each of which cost a round trip on a phone.
            {
              name: 'first-screens',
              test: /src[\\/](web[\\/](components[\\/](language-switch|menu-button|on-first-open|page-title|panel|scheme-picker|native-select|button-link)|features[\\/](points[\\/](api|labels|queries|components[\\/](movement|scheme-picker|entry-points|entry-actions))|files[\\/]api)|lib[\\/]points)|domain[\\/](calendar[\\/](dates|periods)|points[\\/](hundredths|scheme|tiers|workflow)))\.tsx?$/,
              priority: 22,
            },
            // Charts are only in pages that show them, which load them lazily.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
