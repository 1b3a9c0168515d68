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
export {
  startFakeLlm,
  type FakeLlm,
  type FakeLlmOptions,
  type FakeProviderStyle,
  type FakeRequestOutcome,
  type RecordedRequest,
} from './fake-llm/fake-llm.js';
export type {
  FakeErrorScript,
  FakeReply,
  FakeStreamScript,
  FakeToolCall,
} from './fake-llm/fake-llm-script.js';
export { formatSseEvent, readSseEvents, type SseEvent } from './fake-llm/sse.js';
export type { FakeAwsCredentials } from './fake-llm/bedrock-wire.js';
