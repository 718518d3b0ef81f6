// ESLint for the site's own JavaScript (docs/_static), with the recommended
// rules. `nox -s lint` installs ESLint into node_modules and runs it.
import js from "@eslint/js";

export default [
  js.configs.recommended,
  {
    files: ["docs/_static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        Bokeh: "readonly",
        clearInterval: "readonly",
        document: "readonly",
        IntersectionObserver: "readonly",
        matchMedia: "readonly",
        MutationObserver: "readonly",
        setInterval: "readonly",
        URL: "readonly",
        window: "writable",
      },
    },
  },
];
