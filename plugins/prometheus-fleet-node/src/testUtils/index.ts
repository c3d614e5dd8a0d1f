/**
 * Test utilities for code that queries Prometheus through the fleet's query
 * client.
 *
 * @packageDocumentation
 */
export {
  answerJson,
  closedPort,
  startFakePrometheus,
  vectorBody,
  type FakePrometheus,
  type FakeResponder,
  type ReceivedQuery,
} from './fakePrometheus';
