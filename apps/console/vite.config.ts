import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const controlPlane = `http://127.0.0.1:${process.env.CONTROL_PLANE_PORT ?? '8080'}`;

// The bundle is split by library family so no single chunk carries all of React Admin + MUI (~1 MB),
// and a React Admin upgrade does not invalidate the cached React chunk.
const vendorGroups: { name: string; test: RegExp; priority: number }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-is)[\\/]/, priority: 40 },
  { name: 'router', test: /node_modules[\\/](react-router|react-router-dom)[\\/]/, priority: 35 },
  { name: 'mui-icons', test: /node_modules[\\/]@mui[\\/]icons-material[\\/]/, priority: 32 },
  {
    name: 'mui',
    test: /node_modules[\\/](@mui|@emotion|@popperjs|react-transition-group)[\\/]/,
    priority: 30,
  },
  { name: 'react-admin', test: /node_modules[\\/](react-admin|ra-[a-z-]+)[\\/]/, priority: 20 },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
];

export default defineConfig({
  // Relative asset URLs: the control plane serves the console at `/`, and react-admin routes by hash.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // `codeSplitting.groups` is Rolldown's (Vite 8) replacement for Rollup's deprecated `manualChunks`.
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': controlPlane,
      '/healthz': controlPlane,
      '/readyz': controlPlane,
      // Sign-in: with PUBLIC_URL set to this dev server (npm run dev does), the OIDC callback and
      // the development IdP come back through here, so the session cookie lands on this origin.
      '/auth': controlPlane,
      '/dev-idp': controlPlane,
    },
  },
  preview: { port: 4173 },
});
