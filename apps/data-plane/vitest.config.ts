import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'data-plane',
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
  },
});
