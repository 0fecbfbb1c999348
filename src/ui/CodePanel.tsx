import { useId, useState } from 'react'
import { consumerCode, LANGUAGE_LABELS, producerCode } from '../codegen'
import type { CodeLanguage } from '../codegen'
import { CONSUMER_DEFAULTS, PRODUCER_DEFAULTS } from '../engine'
import type { ClusterView, GroupView, ProducerView } from '../worker/protocol'
import type { Selection } from '../store/sim-store'
import { useSim } from './context'

const LANGUAGES: CodeLanguage[] = ['python', 'java', 'javascript']

type Subject = { kind: 'producer'; id: string } | { kind: 'group'; id: string; member?: string }

function subjectFromSelection(selection: Selection | null): Subject | null {
  if (selection?.kind === 'producer') return { kind: 'producer', id: selection.id }
  if (selection?.kind === 'group') return { kind: 'group', id: selection.groupId }
  if (selection?.kind === 'member') return { kind: 'group', id: selection.groupId, member: selection.id }
  return null
}

function codeForProducer(p: ProducerView, language: CodeLanguage): string {
  const config = { ...PRODUCER_DEFAULTS, acks: p.acks, 'linger.ms': p.lingerMs, 'batch.size': p.batchSize, 'enable.idempotence': p.idempotence }
  return producerCode({ id: p.id, topic: p.topic, keys: p.keys, value: p.value, partitioner: p.partitioner, rate: p.rate, maxRecords: p.maxRecords, config, fixedPartition: null }, language)
}

function codeForGroup(g: GroupView, memberId: string | undefined, language: CodeLanguage): string {
  const member = g.members.find((m) => m.id === memberId) ?? g.members[g.members.length - 1]
  const c = g.config
  const config = {
    ...CONSUMER_DEFAULTS,
    'partition.assignment.strategy': c.strategy,
    'enable.auto.commit': c.autoCommit,
    'auto.commit.interval.ms': c.autoCommitIntervalMs,
    'auto.offset.reset': c.autoOffsetReset,
    'session.timeout.ms': c.sessionTimeoutMs,
    'heartbeat.interval.ms': c.heartbeatIntervalMs,
    'max.poll.interval.ms': c.maxPollIntervalMs,
    'max.poll.records': c.maxPollRecords,
    'group.instance.id': member?.instanceId ?? null,
  }
  return consumerCode({ id: member?.id ?? 'consumer-1', groupId: g.groupId, topics: g.topics, processingMs: member?.processingMs ?? 0, config }, language)
}

function render(view: ClusterView, subject: Subject | null, language: CodeLanguage): string {
  if (subject?.kind === 'producer') {
    const p = view.producers.find((x) => x.id === subject.id)
    if (p) return codeForProducer(p, language)
  }
  if (subject?.kind === 'group') {
    const g = view.groups.find((x) => x.groupId === subject.id)
    if (g) return codeForGroup(g, subject.member, language)
  }
  return ''
}

/**
 * The code a learner would write with a real client to get what a producer or a group member does
 * here. It follows the selection and every setting change. The language is a radio group, or in an
 * embed (a narrow panel) a select, so the head stays one line and the code gets the height.
 */
export function CodePanel() {
  const view = useSim((s) => s.view)
  const selection = useSim((s) => s.selection)
  const compact = useSim((s) => s.layout.embed)
  const [language, setLanguage] = useState<CodeLanguage>('python')
  const [picked, setPicked] = useState<string>('')
  const id = useId()
  if (!view) return null
  const options: { value: string; label: string; subject: Subject }[] = [
    ...view.producers.map((p) => ({ value: `producer:${p.id}`, label: `${p.id} (producer)`, subject: { kind: 'producer', id: p.id } as Subject })),
    ...view.groups.map((g) => ({ value: `group:${g.groupId}`, label: `${g.groupId} (consumer group)`, subject: { kind: 'group', id: g.groupId } as Subject })),
  ]
  const fromSelection = subjectFromSelection(selection)
  const subject = fromSelection ?? options.find((o) => o.value === picked)?.subject ?? options[0]?.subject ?? null
  const value = subject ? `${subject.kind}:${subject.id}` : ''
  const code = render(view, subject, language)

  return (
    <section className="panel code" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Code</h2>
        <label htmlFor={`${id}-subject`} className="inline">
          for
        </label>
        <select
          id={`${id}-subject`}
          value={value}
          onChange={(e) => setPicked(e.target.value)}
          disabled={fromSelection !== null}
          title={fromSelection ? 'Follows what is selected in the picture' : undefined}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {compact ? (
          // An embed's panel is too narrow for the three labels side by side: a select, on the same line.
          <select aria-label="Language" value={language} onChange={(e) => setLanguage(e.target.value as CodeLanguage)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_LABELS[l]}
              </option>
            ))}
          </select>
        ) : (
          <div role="radiogroup" aria-label="Language" className="segmented">
            {LANGUAGES.map((l) => (
              <label key={l} className={language === l ? 'on' : ''}>
                <input type="radio" name={`${id}-language`} value={l} checked={language === l} onChange={() => setLanguage(l)} />
                {LANGUAGE_LABELS[l]}
              </label>
            ))}
          </div>
        )}
      </div>
      {code ? (
        <pre className="code-output" tabIndex={0} aria-label={`${LANGUAGE_LABELS[language]} code`}>
          {code}
        </pre>
      ) : (
        <p className="muted">Nothing to show: this scenario has no producers or groups.</p>
      )}
    </section>
  )
}
