import { useEffect, useId, useRef, useState } from 'react'
import type { FormEvent, KeyboardEvent } from 'react'
import { useClient, useSim, useSimStore } from './context'
import { FieldError, Notice } from './Notice'

const GROUP_ID = /^[A-Za-z0-9._-]{1,128}$/

type FormKind = 'producer' | 'group' | 'topic'

/**
 * Cluster-wide actions: add a producer, a consumer group or a broker. A button that opens a form
 * moves the focus to the form's first field; closing the form (Cancel, Escape, or creating what it
 * asks for) brings the focus back to that button, so a keyboard user never lands on the page's start.
 */
export function Toolbar() {
  const client = useClient()
  const store = useSimStore()
  const topics = useSim((s) => s.view?.topics.filter((t) => !t.internal).map((t) => t.name).join('\u0000') ?? '')
  const groups = useSim((s) => s.view?.groups.map((g) => g.groupId).join('\u0000') ?? '')
  const notice = useSim((s) => (s.notice?.source.startsWith('toolbar:') ? s.notice : null))
  const [form, setForm] = useState<FormKind | null>(null)
  const openers = useRef<Partial<Record<FormKind, HTMLButtonElement | null>>>({})
  /** The button to focus once the form it opened has closed. */
  const returnTo = useRef<FormKind | null>(null)
  useEffect(() => {
    if (form !== null || returnTo.current === null) return
    openers.current[returnTo.current]?.focus()
    returnTo.current = null
  }, [form])
  // Kafka's refusal belongs to the form that sent it: opening, switching or closing a form clears it.
  const show = (next: typeof form) => {
    setForm(next)
    if (store.getState().notice?.source.startsWith('toolbar:')) store.getState().setNotice(null)
  }
  /** The form closes itself (Cancel, Escape, done): the focus goes back to its button. */
  const close = () => {
    returnTo.current = form
    show(null)
  }
  const brokers = useSim((s) => s.view?.brokers.filter((b) => b.alive).length ?? 0)
  const topicList = topics ? topics.split('\u0000') : []
  const groupList = groups ? groups.split('\u0000') : []

  const addProducer = () => {
    if (topicList.length === 1) void client.command({ type: 'addProducer', topic: topicList[0] as string }, 'toolbar:addProducer')
    else show(form === 'producer' ? null : 'producer')
  }

  return (
    <div className="toolbar" role="toolbar" aria-label="Cluster actions">
      <button
        ref={(el) => {
          openers.current.producer = el
        }}
        type="button"
        onClick={addProducer}
        disabled={topicList.length === 0}
        aria-expanded={topicList.length > 1 ? form === 'producer' : undefined}
      >
        Add producer
      </button>
      <button
        ref={(el) => {
          openers.current.group = el
        }}
        type="button"
        onClick={() => show(form === 'group' ? null : 'group')}
        aria-expanded={form === 'group'}
        disabled={topicList.length === 0}
      >
        Add consumer group
      </button>
      <button
        ref={(el) => {
          openers.current.topic = el
        }}
        type="button"
        onClick={() => show(form === 'topic' ? null : 'topic')}
        aria-expanded={form === 'topic'}
      >
        Add topic
      </button>
      <button type="button" onClick={() => void client.command({ type: 'addBroker' }, 'toolbar:addBroker')}>
        Add broker
      </button>
      {form === 'producer' && <ProducerForm topics={topicList} onDone={close} />}
      {form === 'topic' && <TopicForm topics={topicList} liveBrokers={brokers} onDone={close} />}
      {form === 'group' && <GroupForm topics={topicList} groups={groupList} onDone={close} />}
      {notice && <Notice notice={notice} />}
    </div>
  )
}

/**
 * What every toolbar form does on top of its fields: its first field takes the focus when it
 * opens, and Escape closes it (as Cancel does). Spread the result on the <form>.
 */
function useFormFocus(onCancel: () => void) {
  const ref = useRef<HTMLFormElement>(null)
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea')
    first?.focus()
    // A suggested name ("topic-1") is selected, so typing replaces it.
    if (first instanceof HTMLInputElement) first.select()
  }, [])
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return
    e.preventDefault()
    e.stopPropagation()
    onCancel()
  }
  return { ref, onKeyDown }
}

function ProducerForm({ topics, onDone }: { topics: string[]; onDone: () => void }) {
  const client = useClient()
  const id = useId()
  const [topic, setTopic] = useState(topics[0] ?? '')
  const focus = useFormFocus(onDone)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void client.command({ type: 'addProducer', topic }, 'toolbar:addProducer').then((r) => r.ok && onDone())
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New producer" {...focus}>
      <label htmlFor={`${id}-topic`}>Topic</label>
      <select id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.target.value)}>
        {topics.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <FormActions submit="Create producer" onCancel={onDone} />
    </form>
  )
}

function GroupForm({ topics, groups, onDone }: { topics: string[]; groups: string[]; onDone: () => void }) {
  const client = useClient()
  const id = useId()
  let n = 2
  while (groups.includes(`group-${n}`)) n++
  const [name, setName] = useState(`group-${n}`)
  const [topic, setTopic] = useState(topics[0] ?? '')
  const [reset, setReset] = useState<'earliest' | 'latest'>('earliest')
  const [error, setError] = useState<string | null>(null)
  const focus = useFormFocus(onDone)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = name.trim()
    if (!GROUP_ID.test(trimmed)) {
      setError('Group id: use 1 to 128 letters, digits, ".", "_" or "-".')
      return
    }
    if (groups.includes(trimmed)) {
      setError(`Group id: "${trimmed}" already exists; a new consumer there would join it. Use Add consumer on that group instead.`)
      return
    }
    setError(null)
    void client
      .command({ type: 'addConsumer', group: trimmed, topics: [topic], config: { 'auto.offset.reset': reset } }, 'toolbar:addGroup')
      .then((r) => r.ok && onDone())
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New consumer group" noValidate {...focus}>
      <label htmlFor={`${id}-name`}>Group id</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error !== null} aria-describedby={error ? `${id}-error` : undefined} />
      <label htmlFor={`${id}-topic`}>Topic</label>
      <select id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.target.value)}>
        {topics.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <label htmlFor={`${id}-reset`}>Start from (auto.offset.reset)</label>
      <select id={`${id}-reset`} value={reset} onChange={(e) => setReset(e.target.value as 'earliest' | 'latest')}>
        <option value="earliest">earliest: the oldest record kept</option>
        <option value="latest">latest: only new records (Kafka's default)</option>
      </select>
      <FormActions submit="Create group" onCancel={onDone} error={error} errorId={`${id}-error`} />
    </form>
  )
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/

function TopicForm({ topics, liveBrokers, onDone }: { topics: string[]; liveBrokers: number; onDone: () => void }) {
  const client = useClient()
  const id = useId()
  let n = 1
  while (topics.includes(`topic-${n}`)) n++
  const [name, setName] = useState(`topic-${n}`)
  const [partitions, setPartitions] = useState('3')
  const [rf, setRf] = useState(String(Math.min(3, Math.max(1, liveBrokers))))
  const [minIsr, setMinIsr] = useState('1')
  const [error, setError] = useState<string | null>(null)
  const focus = useFormFocus(onDone)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = name.trim()
    const count = Number(partitions)
    const factor = Number(rf)
    const isr = Number(minIsr)
    // Kafka checks these itself (and a replication factor above the live brokers is its refusal to
    // show); the form catches only what is not a number at all.
    if (!TOPIC_NAME.test(trimmed)) setError("Topic name: use 1 to 249 ASCII letters, digits, '.', '_' or '-'.")
    else if (topics.includes(trimmed)) setError(`Topic name: "${trimmed}" already exists.`)
    else if (!/^\d+$/.test(partitions.trim()) || count < 1 || count > 256) setError('Partitions: a whole number from 1 to 256.')
    else if (!/^\d+$/.test(rf.trim()) || factor < 1 || factor > 12) setError('Replication factor: a whole number from 1 to 12.')
    else if (!/^\d+$/.test(minIsr.trim()) || isr < 1) setError('min.insync.replicas: a whole number from 1.')
    else {
      setError(null)
      void client
        .command({ type: 'createTopic', name: trimmed, partitions: count, replicationFactor: factor, config: { 'min.insync.replicas': isr } }, 'toolbar:addTopic')
        .then((r) => r.ok && onDone())
    }
  }
  // The field an error is about is marked invalid and described by the error (its text starts with the field's label).
  // Kafka's own refusal of the replication factor (shown in the toolbar) marks that field as well.
  const refusedRf = useSim((s) => s.notice?.source === 'toolbar:addTopic' && s.notice.text.includes('INVALID_REPLICATION_FACTOR'))
  const invalid = (label: string, help?: string) =>
    error?.startsWith(label) || (refusedRf && label === 'Replication factor')
      ? { 'aria-invalid': true, 'aria-describedby': [help, error ? `${id}-error` : undefined].filter(Boolean).join(' ') }
      : { 'aria-invalid': false, 'aria-describedby': help }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New topic" noValidate {...focus}>
      <label htmlFor={`${id}-name`}>Topic name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} {...invalid('Topic name')} />
      <label htmlFor={`${id}-partitions`}>Partitions</label>
      <input id={`${id}-partitions`} inputMode="numeric" size={4} value={partitions} onChange={(e) => setPartitions(e.target.value)} {...invalid('Partitions')} />
      <label htmlFor={`${id}-rf`}>Replication factor</label>
      <input id={`${id}-rf`} inputMode="numeric" size={3} value={rf} onChange={(e) => setRf(e.target.value)} {...invalid('Replication factor', `${id}-rf-help`)} />
      <span id={`${id}-rf-help`} className="muted">
        ({liveBrokers} broker{liveBrokers === 1 ? '' : 's'} up)
      </span>
      <label htmlFor={`${id}-isr`}>min.insync.replicas</label>
      <input id={`${id}-isr`} inputMode="numeric" size={3} value={minIsr} onChange={(e) => setMinIsr(e.target.value)} {...invalid('min.insync.replicas')} />
      <FormActions submit="Create topic" onCancel={onDone} error={error} errorId={`${id}-error`} />
    </form>
  )
}

/**
 * A form's submit and Cancel buttons, and its error (announced, and described by the field at
 * fault, which takes the focus so the learner can correct it at once).
 */
function FormActions({ submit, onCancel, error = null, errorId }: { submit: string; onCancel: () => void; error?: string | null; errorId?: string }) {
  const submitButton = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (error) submitButton.current?.form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [error])
  return (
    <>
      <button type="submit" className="primary" ref={submitButton}>
        {submit}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error && <FieldError id={errorId}>{error}</FieldError>}
    </>
  )
}
