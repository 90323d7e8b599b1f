// eslint over the map's own scripts. They run as plain browser scripts (no modules) beside Leaflet, in the map
// frame and, for page.js, in the app's main document.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2018,
      sourceType: "script",
      globals: {...globals.browser, L: "readonly"},
    },
    rules: {
      "no-unused-vars": ["error", {caughtErrors: "none"}],
      eqeqeq: "error",
      "no-implicit-globals": "error",
      strict: ["error", "function"],
    },
  },
];
