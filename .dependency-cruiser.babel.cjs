// How dependency-cruiser reads TypeScript (see .dependency-cruiser.cjs): Babel strips the types,
// keeping every import not marked `import type`, and compiles JSX; dependency-cruiser then reads
// the imports of the JavaScript that results.
module.exports = {
  configFile: false,
  babelrc: false,
  presets: [['@babel/preset-typescript', { onlyRemoveTypeImports: true }]],
  plugins: [['@babel/plugin-transform-react-jsx', { runtime: 'automatic' }]],
};
