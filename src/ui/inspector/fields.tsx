/**
 * The inspector's controls. Each one sends one command through the client with its own `source`,
 * and shows Kafka's refusal for that source right under itself. The visible label is the
 * accessible name; help text, units, Kafka's default and errors are tied to the control with
 * aria-describedby.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { FormEvent, KeyboardEvent, ReactNode, RefObject } from 'react'
import type { Command, CommandResult } from '../../engine'
import type { Selection } from '../../store/sim-store'
import { useClient, useSim } from '../context'
import { FieldError, Notice } from '../Notice'
import { parseNumberField } from './validate'
import type { NumberRule } from './validate'

/** The store's notice when it belongs to `source`, else null. */
export function useNotice(source: string) {
  return useSim((s) => (s.notice?.source === source ? s.notice : null))
}

function SourceNotice({ source }: { source: string }) {
  const notice = useNotice(source)
  return notice ? <Notice notice={notice} /> : null
}

function ids(...list: (string | false | null | undefined)[]): string | undefined {
  const out = list.filter((x): x is string => typeof x === 'string')
  return out.length > 0 ? out.join(' ') : undefined
}

/** "Kafka's default: 5 ms", shown only when the value differs from Kafka's default. */
function DefaultNote({ id, differs, text }: { id: string; differs: boolean; text: string }) {
  if (!differs) return null
  return (
    <span id={id} className="kafka-default">
      Kafka&rsquo;s default: {text}
    </span>
  )
}

interface NumberSettingProps {
  label: string
  value: number
  source: string
  rule: NumberRule
  toCommand: (value: number) => Command
  unit?: string
  help?: ReactNode
  kafkaDefault?: number
  formatValue?: (value: number) => string
  /** A warning about the current value (not an error: Kafka accepts it). */
  warning?: string | null
}

/**
 * A number with an Apply button. Typing does nothing until Apply (or Enter), so "1" then "10" does
 * not send 1 first. The input is type="text" with inputMode="decimal" rather than type="number":
 * a number input hides what was typed when it is not a number (its value becomes ""), and this
 * field must say exactly what is wrong with what the learner typed (GOV.UK's design system makes
 * the same choice for the same reason).
 */
export function NumberSetting({ label, value, source, rule, toCommand, unit, help, kafkaDefault, formatValue = String, warning }: NumberSettingProps) {
  const client = useClient()
  const id = useId()
  const [draft, setDraft] = useState<{ text: string; base: number; submitted: boolean } | null>(null)
  const [error, setError] = useState<string | null>(null)
  // After a successful Apply the field keeps the typed text until the view shows the new value.
  const shown = draft === null || (draft.submitted && draft.base !== value) ? String(value) : draft.text

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const parsed = parseNumberField(shown, label, rule)
    if (!parsed.ok) {
      setError(parsed.message)
      return
    }
    setError(null)
    const base = value
    void client.command(toCommand(parsed.value), source).then((r: CommandResult) => {
      setDraft(r.ok ? { text: String(parsed.value), base, submitted: true } : { text: shown, base, submitted: false })
    })
  }

  const differs = kafkaDefault !== undefined && kafkaDefault !== value
  return (
    <form className="setting" role="group" aria-labelledby={`${id}-label`} onSubmit={submit} noValidate>
      <label id={`${id}-label`} htmlFor={`${id}-input`} className="setting-label">
        {label}
      </label>
      <div className="setting-row">
        <input
          id={`${id}-input`}
          type="text"
          inputMode={rule.integer && rule.min >= 0 ? 'numeric' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          value={shown}
          onChange={(e) => {
            setDraft({ text: e.target.value, base: value, submitted: false })
            if (error) setError(null)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && draft) {
              setDraft(null)
              setError(null)
            }
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids(unit && `${id}-unit`, help !== undefined && `${id}-help`, differs && `${id}-default`, !error && warning && `${id}-warning`, error && `${id}-error`)}
        />
        {unit && (
          <span id={`${id}-unit`} className="unit">
            {unit}
          </span>
        )}
        <button type="submit" className="small">
          Apply
        </button>
      </div>
      {help !== undefined && (
        <p id={`${id}-help`} className="setting-help">
          {help}
        </p>
      )}
      <DefaultNote id={`${id}-default`} differs={differs} text={kafkaDefault === undefined ? '' : formatValue(kafkaDefault)} />
      {warning && !error && (
        <p id={`${id}-warning`} className="setting-warning">
          {warning}
        </p>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <SourceNotice source={source} />
    </form>
  )
}

/** Shows the chosen value at once, until the view catches up (or Kafka refuses). */
function usePending<T>(live: T) {
  const [draft, setDraft] = useState<{ value: T; base: T } | null>(null)
  const shown = draft !== null && Object.is(draft.base, live) ? draft.value : live
  return {
    shown,
    begin: (value: T) => setDraft({ value, base: live }),
    settle: (r: CommandResult) => {
      if (!r.ok) setDraft(null)
    },
  }
}

interface SelectSettingProps<T extends string> {
  label: string
  value: T
  options: readonly { value: T; label: string }[]
  source: string
  toCommand: (value: T) => Command
  help?: ReactNode
  kafkaDefault?: T
  defaultLabel?: string
}

/** Keys that change a closed select's value at once in Chromium and Firefox (typeahead included). */
function changesClosedSelect(e: KeyboardEvent<HTMLSelectElement>): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey) return false
  return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key) || (e.key.length === 1 && e.key !== ' ')
}

/**
 * A select whose choice is applied deliberately. Every change here sends a command, and some
 * start a rebalance, so an arrow key walking through the options must not send one per option:
 * a choice made with the keys on the closed select (arrows, Home, End, typing a letter) waits,
 * as a number field's typing does, until Enter or Apply; Escape goes back. A choice made in the
 * open list (with the mouse, or with the keys after Alt+Down) is already deliberate and applies at
 * once, so the mouse needs no extra click. (With the list open, Chromium sends the select no key
 * events, only the change; so does a screen reader's own list of the options.)
 */
export function SelectSetting<T extends string>({ label, value, options, source, toCommand, help, kafkaDefault, defaultLabel }: SelectSettingProps<T>) {
  const client = useClient()
  const id = useId()
  const pending = usePending(value)
  /** A choice made with the keys and not applied yet; dropped when the live value changes under it. */
  const [draft, setDraft] = useState<{ value: T; base: T } | null>(null)
  const choice = draft !== null && Object.is(draft.base, value) ? draft.value : null
  /** Set while a key that changes the closed select is down; cleared by its keyup, a pointer or a new focus. */
  const keyed = useRef(false)
  const select = useRef<HTMLSelectElement>(null)
  const differs = kafkaDefault !== undefined && kafkaDefault !== value
  const apply = (next: T) => {
    setDraft(null)
    if (next === pending.shown) return
    pending.begin(next)
    void client.command(toCommand(next), source).then(pending.settle)
  }
  const currentLabel = options.find((o) => o.value === pending.shown)?.label ?? pending.shown
  return (
    <div className="setting">
      <label htmlFor={`${id}-select`} className="setting-label">
        {label}
      </label>
      <div className="setting-row">
        <select
          ref={select}
          id={`${id}-select`}
          value={choice ?? pending.shown}
          onFocus={() => {
            keyed.current = false
          }}
          onPointerDown={() => {
            keyed.current = false
          }}
          onMouseDown={() => {
            keyed.current = false
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && choice !== null) {
              e.preventDefault()
              apply(choice)
            } else if (e.key === 'Escape' && choice !== null) {
              e.preventDefault()
              e.stopPropagation()
              setDraft(null)
            } else if (changesClosedSelect(e)) {
              keyed.current = true
            }
          }}
          onKeyUp={() => {
            // The change a key makes comes between its keydown and its keyup.
            keyed.current = false
          }}
          onChange={(e) => {
            const next = e.target.value as T
            if (!keyed.current) apply(next)
            else setDraft(next === pending.shown ? null : { value: next, base: value })
          }}
          aria-describedby={ids(choice !== null && `${id}-pending`, help !== undefined && `${id}-help`, differs && `${id}-default`)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {choice !== null && (
          <button
            type="button"
            className="small"
            onClick={() => {
              apply(choice)
              // The button goes once the choice is applied: the focus goes back to the select.
              select.current?.focus()
            }}
          >
            Apply
          </button>
        )}
        {/* Always in the page (empty, it takes no room), so a screen reader announces it when a choice starts waiting. */}
        <span id={`${id}-pending`} className="setting-pending" role="status">
          {choice !== null ? `Not applied yet: Enter or Apply applies it; Escape keeps ${currentLabel}.` : ''}
        </span>
      </div>
      {help !== undefined && (
        <p id={`${id}-help`} className="setting-help">
          {help}
        </p>
      )}
      <DefaultNote id={`${id}-default`} differs={differs} text={defaultLabel ?? String(kafkaDefault)} />
      <SourceNotice source={source} />
    </div>
  )
}

interface CheckboxSettingProps {
  label: string
  checked: boolean
  source: string
  toCommand: (checked: boolean) => Command
  help?: ReactNode
  kafkaDefault?: boolean
}

export function CheckboxSetting({ label, checked, source, toCommand, help, kafkaDefault }: CheckboxSettingProps) {
  const client = useClient()
  const id = useId()
  const pending = usePending(checked)
  const differs = kafkaDefault !== undefined && kafkaDefault !== checked
  return (
    <div className="setting">
      <div className="setting-row">
        <input
          id={`${id}-box`}
          type="checkbox"
          checked={pending.shown}
          onChange={(e) => {
            const next = e.target.checked
            pending.begin(next)
            void client.command(toCommand(next), source).then(pending.settle)
          }}
          aria-describedby={ids(help !== undefined && `${id}-help`, differs && `${id}-default`)}
        />
        <label htmlFor={`${id}-box`} className="setting-label">
          {label}
        </label>
      </div>
      {help !== undefined && (
        <p id={`${id}-help`} className="setting-help">
          {help}
        </p>
      )}
      <DefaultNote id={`${id}-default`} differs={differs} text={String(kafkaDefault)} />
      <SourceNotice source={source} />
    </div>
  )
}

interface ActionProps {
  children: string
  source: string
  command: Command
  help?: string
  /** For toggles: the button's pressed state. */
  pressed?: boolean
  className?: string
}

/** A button that sends one command; Kafka's refusal appears under it. */
export function ActionButton({ children, source, command, help, pressed, className }: ActionProps) {
  const client = useClient()
  const id = useId()
  return (
    <div className="action">
      <button
        type="button"
        className={className}
        aria-pressed={pressed}
        aria-describedby={help ? `${id}-help` : undefined}
        onClick={() => void client.command(command, source)}
      >
        {children}
      </button>
      {help && (
        <span id={`${id}-help`} className="action-help">
          {help}
        </span>
      )}
      <SourceNotice source={source} />
    </div>
  )
}

/** A button that shows another entity in the inspector (a broker, a member, a partition). */
export function SelectLink({ to, children }: { to: Selection; children: string }) {
  const select = useSim((s) => s.select)
  return (
    <button type="button" className="link" onClick={() => select(to)}>
      {children}
    </button>
  )
}

/** Shown when the selection names something the cluster no longer has. */
export function Gone({ what, why }: { what: string; why?: string }) {
  const select = useSim((s) => s.select)
  return (
    <div className="inspector-gone" role="status">
      <p>
        {what} no longer exists{why ? `: ${why}` : '.'}
      </p>
      <button type="button" onClick={() => select(null)}>
        Clear selection
      </button>
    </div>
  )
}

/**
 * Some buttons swap with others (Crash becomes Restart, Kill broker becomes Restart broker). The
 * pressed button leaves the page and the browser drops focus on <body>; this puts keyboard focus
 * on the first button of `container` instead, when `key` changes and focus was dropped.
 */
export function useFocusAfterSwap(container: RefObject<HTMLElement | null>, key: unknown): void {
  const previous = useRef(key)
  useEffect(() => {
    if (Object.is(previous.current, key)) return
    previous.current = key
    const active = document.activeElement
    if (active === null || active === document.body) container.current?.querySelector<HTMLElement>('button')?.focus()
  }, [container, key])
}
