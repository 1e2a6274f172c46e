import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

// The page runs under a strict CSP (script-src 'self'; style-src 'self'), so the build must
// emit only external .js and .css files: no inline scripts, no injected <style> tags.
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill is injected as code for old browsers we do not support; keep the output plain.
    modulePreload: { polyfill: false },
    // Assets stay files; CSP allows data: images, but one way of loading them is simpler to audit.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: true,
  },
  server: {
    // The renderer imports types (and only types) from ../src-shared.
    fs: { allow: ['..'] },
  },
});
