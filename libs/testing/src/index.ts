export {
  createTestDatabase,
  testDatabaseServerUrl,
  testRedisUrl,
  uniqueRunId,
  type TestDatabase,
} from './test-database.js';
export { setupTestServices, type ProvidedTestServices } from './global-setup.js';
export { waitForLine, type ChildOutput } from './process-output.js';
export { connectionError } from './net.js';
