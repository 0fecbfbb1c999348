/**
 * The Code panel's generator: for a simulated producer, consumer or group, the program a learner
 * would write with a real client to get the same behaviour, in Python (kafka-python), Java (the
 * Apache Kafka client) or JavaScript (KafkaJS).
 *
 * Pure functions of plain data: no React, no DOM. The output:
 * - always sets what a program needs (bootstrap servers, client id, topic, group id, serializers);
 * - sets the settings the simulation models that differ from that client's own default (acks,
 *   linger.ms, batch.size, the partitioner, auto.offset.reset, auto-commit, assignors, session and
 *   poll timeouts, max.poll.records, group.instance.id), and the other settings (fetch, retry,
 *   metadata, timeouts, idempotence) only when the learner changed them;
 * - says in a comment where the simulator's default differs from the client's, and where the client
 *   cannot do exactly what the simulation does;
 * - writes every learner string as an escaped string literal, never in a comment, so it always parses.
 */
import { javaConsumer, javaProducer } from './java'
import { javascriptConsumer, javascriptProducer } from './javascript'
import { pythonConsumer, pythonProducer } from './python'
import type { CodeLanguage, ConsumerCodeInput, ProducerCodeInput } from './shared'

export type { CodeLanguage, ConsumerCodeInput, ProducerCodeInput } from './shared'
export { JAVA_CONSUMER_CLASS, JAVA_PRODUCER_CLASS } from './java'

/** What the language picker shows. */
export const LANGUAGE_LABELS: Record<CodeLanguage, string> = {
  python: 'Python (kafka-python)',
  java: 'Java',
  javascript: 'JavaScript (KafkaJS)',
}

/**
 * The program that produces what the simulated producer produces: same topic, keys, values, acks,
 * batching and partitioner, at the same rate, for the same number of records.
 *
 * @param input - the producer's settings, as in the engine's `ProducerState`.
 * @param language - the target language and client.
 * @returns the source of producer.py, ProducerApp.java or producer.js, ending with a newline.
 */
export function producerCode(input: ProducerCodeInput, language: CodeLanguage): string {
  switch (language) {
    case 'python':
      return pythonProducer(input)
    case 'java':
      return javaProducer(input)
    case 'javascript':
      return javascriptProducer(input)
  }
}

/**
 * The program that consumes as the simulated consumer does: same group, topics, offset reset,
 * commits, assignors, timeouts and per-record processing time. A group's members share one config,
 * so this is also the code of a consumer group.
 *
 * @param input - the consumer's settings, as in the engine's `ConsumerState`.
 * @param language - the target language and client.
 * @returns the source of consumer.py, ConsumerApp.java or consumer.js, ending with a newline.
 */
export function consumerCode(input: ConsumerCodeInput, language: CodeLanguage): string {
  switch (language) {
    case 'python':
      return pythonConsumer(input)
    case 'java':
      return javaConsumer(input)
    case 'javascript':
      return javascriptConsumer(input)
  }
}
