import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { MutableRefObject } from 'react'
import type { GoalStatus, LessonSpec, Prediction, Scenario } from '../../engine'
import type { LessonFrame } from '../../worker/protocol'
import { builtInLessons, builtInScenario } from '../../scenarios'
import { useClient, useSim, useSimStore } from '../context'
import { loadProgress, recordSteps, saveProgress } from './progress'
import './lesson.css'

/** Splits lesson text into paragraphs (a blank line between them); rendered as text, never HTML. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0)
}

/** A command type in words for the learner: "addPartitions" -> "add partitions". */
function commandWords(type: string): string {
  return type.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
}

/**
 * The lesson beside the picture: the step's text, a prediction to make before acting, the goals
 * the app checks live, a hint and "Show me", and the way on to the next step or lesson.
 */
export function LessonPanel() {
  const scenario = useSim((s) => s.scenario)
  const frame = useSim((s) => s.lesson)
  const [collapsed, setCollapsed] = useState(false)
  /** Set when the learner moves on with Next step: the new step takes the focus (the button is gone). */
  const focusStep = useRef(false)
  const spec = scenario?.lesson
  // Remember what the learner completed, across visits: only a step completed while they followed it.
  // `completedSteps` also lists the steps a ?step= link or a step dot played through, which the
  // learner never did.
  const completedNow = frame?.complete ? frame.step : null
  useEffect(() => {
    if (!frame || completedNow === null) return
    const progress = loadProgress()
    const next = recordSteps(progress, frame.lessonId, [completedNow])
    if (next !== progress) saveProgress(next)
  }, [frame?.lessonId, completedNow]) // eslint-disable-line react-hooks/exhaustive-deps
  if (!spec || !frame || !scenario) return <SandboxBar />
  const step = spec.steps[frame.step]
  if (!step) return null
  return (
    <section className={`lesson${collapsed ? ' collapsed' : ''}`} aria-labelledby="lesson-title">
      <header className="lesson-head">
        <h2 id="lesson-title">
          <span className="muted">Lesson:</span> {spec.title}{' '}
          <span className="lesson-step-count">
            · step {frame.step + 1} of {frame.stepCount}: {step.title}
          </span>
        </h2>
        <StepDots frame={frame} scenario={scenario} />
        <button type="button" className="small" aria-expanded={!collapsed} onClick={() => setCollapsed(!collapsed)}>
          {collapsed ? 'Show lesson' : 'Hide lesson'}
        </button>
        <LessonPicker current={frame.lessonId} />
      </header>
      {!collapsed && frame.step === 0 && frame.completedSteps.length === 0 && <ResumeOffer frame={frame} scenario={scenario} />}
      {collapsed ? (
        <GoalSummary key={`${frame.lessonId}:${frame.step}`} frame={frame} focusStepRef={focusStep} />
      ) : (
        <StepBody key={`${frame.lessonId}:${frame.step}`} spec={spec} frame={frame} focusStepRef={focusStep} />
      )}
    </section>
  )
}

/**
 * One goal: ✓ or ○ (and the same in words for screen readers), its label and, with `detail`, its
 * live check in words. A done step stays done: every goal held together once, even if a check has
 * moved on since ("met earlier; now ...").
 */
function GoalItem({ frame, goal, detail = false }: { frame: LessonFrame; goal: GoalStatus; detail?: boolean }) {
  const met = goal.ok || frame.complete
  return (
    <li className={met ? 'ok' : 'todo'}>
      <span className="goal-mark" aria-hidden="true">
        {met ? '✓' : '○'}
      </span>{' '}
      <span className="goal-label">{goal.label}</span>
      <span className="visually-hidden">{met ? ' (met)' : ' (not yet)'}</span>
      {detail && <span className="goal-detail">{goal.ok || !frame.complete ? goal.detail : `met earlier; now ${goal.detail}`}</span>}
    </li>
  )
}

/** Next step, which hands the focus to the next step's body (for keyboard and screen-reader users). */
function NextStepButton({ focusStepRef, small = false }: { focusStepRef: MutableRefObject<boolean>; small?: boolean }) {
  const client = useClient()
  return (
    <button
      type="button"
      className={small ? 'primary small' : 'primary'}
      onClick={() => {
        focusStepRef.current = true
        client.lesson('next')
      }}
    >
      Next step
    </button>
  )
}

/**
 * The lesson folded away (Hide lesson): the step's goals on a line, and Next step once they are
 * met, so a teacher can give the picture the room and still see what the class is doing.
 */
function GoalSummary({ frame, focusStepRef }: { frame: LessonFrame; focusStepRef: MutableRefObject<boolean> }) {
  const self = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!focusStepRef.current) return
    focusStepRef.current = false
    self.current?.focus()
  }, [focusStepRef])
  const last = frame.step === frame.stepCount - 1
  return (
    <div className="lesson-summary" ref={self} tabIndex={-1}>
      <span className="lesson-summary-label">{frame.complete ? 'Done:' : 'Goal:'}</span>
      <ul aria-label="Goals" aria-live="polite">
        {frame.statuses.map((g, i) => (
          <GoalItem key={i} frame={frame} goal={g} />
        ))}
      </ul>
      {frame.complete && !last && <NextStepButton focusStepRef={focusStepRef} small />}
    </div>
  )
}

/**
 * Back on a lesson begun on an earlier visit: offer to go on from the first step not yet done
 * (earlier steps are played through, as a step dot does). Nothing when the lesson is new or done.
 */
function ResumeOffer({ frame, scenario }: { frame: LessonFrame; scenario: Scenario }) {
  const client = useClient()
  const saved = useMemo(() => new Set(loadProgress()[frame.lessonId] ?? []), [frame.lessonId])
  let next = 0
  while (next < frame.stepCount && saved.has(next)) next++
  if (next === 0 || next >= frame.stepCount) return null
  return (
    <p className="lesson-resume">
      On an earlier visit you did step{next > 1 ? `s 1 to ${next}` : ' 1'}.{' '}
      <button type="button" className="small" onClick={() => client.load(scenario, { playing: true, lessonStep: next })}>
        Continue at step {next + 1}
      </button>
    </p>
  )
}

/**
 * One dot per step: the current one, the done ones ticked. Every other step's dot is a button that
 * opens the lesson at that step, playing the earlier steps through as a ?step= link does.
 */
function StepDots({ frame, scenario }: { frame: LessonFrame; scenario: Scenario }) {
  const client = useClient()
  return (
    <ol className="step-dots" aria-label="Steps">
      {Array.from({ length: frame.stepCount }, (_, i) => {
        const done = frame.completedSteps.includes(i)
        const current = i === frame.step
        const label = (
          <>
            <span className="visually-hidden">
              Step {i + 1}
              {done ? ', done' : ''}
            </span>
            <span aria-hidden="true">{done ? '✓' : i + 1}</span>
          </>
        )
        return (
          <li key={i} className={`${done ? 'done' : ''}${current ? ' current' : ''}`} aria-current={current ? 'step' : undefined}>
            {current ? (
              <span className="step-dot">{label}</span>
            ) : (
              <button
                type="button"
                className="step-dot"
                title={`Go to step ${i + 1}: ${scenario.lesson?.steps[i]?.title ?? ''}`}
                onClick={() => client.load(scenario, { playing: true, lessonStep: i })}
              >
                {label}
              </button>
            )}
          </li>
        )
      })}
    </ol>
  )
}

function StepBody({ spec, frame, focusStepRef }: { spec: LessonSpec; frame: LessonFrame; focusStepRef: MutableRefObject<boolean> }) {
  const client = useClient()
  const step = spec.steps[frame.step]
  const [hint, setHint] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const body = useRef<HTMLDivElement>(null)
  const showMe = useRef<HTMLButtonElement>(null)
  const yes = useRef<HTMLButtonElement>(null)
  /** Where the focus goes once the confirmation has rendered or closed (its buttons replace each other). */
  const refocus = useRef<'yes' | 'showMe' | null>(null)
  useEffect(() => {
    if (!focusStepRef.current) return
    focusStepRef.current = false
    body.current?.focus()
  }, [focusStepRef])
  useEffect(() => {
    const target = refocus.current === 'yes' ? yes.current : refocus.current === 'showMe' ? showMe.current : null
    refocus.current = null
    target?.focus()
  }, [confirming])
  if (!step) return null
  const last = frame.step === frame.stepCount - 1
  const closeConfirm = () => {
    refocus.current = 'showMe'
    setConfirming(false)
  }
  return (
    <div className="lesson-body" ref={body} tabIndex={-1} role="group" aria-label={`Step ${frame.step + 1}: ${step.title}`}>
      <div className="lesson-text">
        {paragraphs(step.text).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        {step.lock.length > 0 && (
          <p className="lesson-lock">
            Locked in this step: {step.lock.map(commandWords).join(', ')}. {step.lockReason}
          </p>
        )}
      </div>
      {step.prediction && <PredictionBox prediction={step.prediction} watch={step.watch} />}
      <div className="lesson-goals">
        <h3>{frame.complete ? 'Done:' : 'Goal:'}</h3>
        <ul aria-label="Goals" aria-live="polite">
          {frame.statuses.map((g, i) => (
            <GoalItem key={i} frame={frame} goal={g} detail />
          ))}
        </ul>
        {frame.demo && <p className="muted">Showing a solution…</p>}
      </div>
      <div className="lesson-actions">
        {!frame.complete && (
          <>
            <button type="button" aria-expanded={hint} onClick={() => setHint(!hint)}>
              Hint
            </button>
            {step.solution.length > 0 &&
              (confirming ? (
                <span className="confirm" role="group" aria-label="Show me">
                  <span>Start this step again from its beginning and play a solution?</span>
                  <button
                    ref={yes}
                    type="button"
                    className="primary"
                    onClick={() => {
                      closeConfirm()
                      client.lesson('showMe')
                    }}
                  >
                    Yes, show me
                  </button>
                  <button type="button" onClick={closeConfirm}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button
                  ref={showMe}
                  type="button"
                  onClick={() => {
                    refocus.current = 'yes'
                    setConfirming(true)
                  }}
                >
                  Show me
                </button>
              ))}
            <button type="button" onClick={() => client.lesson('restartStep')}>
              Restart step
            </button>
          </>
        )}
        {frame.complete && !last && <NextStepButton focusStepRef={focusStepRef} />}
        <button type="button" onClick={() => client.lesson('sandbox')} title="Leave the lesson and keep everything as it is, with every control unlocked">
          Open in sandbox
        </button>
      </div>
      {hint && !frame.complete && (
        <p className="lesson-hint" role="note">
          Hint: {step.hint}
        </p>
      )}
      {frame.complete && last && <Completed spec={spec} lessonId={frame.lessonId} />}
    </div>
  )
}

/**
 * "Predict first". On a watch step, where the answer plays out by itself, the simulation waits
 * (paused) until the learner has checked the prediction; checking it plays on.
 */
function PredictionBox({ prediction, watch }: { prediction: Prediction; watch: boolean }) {
  const id = useId()
  const client = useClient()
  const store = useSimStore()
  const [choice, setChoice] = useState<number | null>(null)
  const [checked, setChecked] = useState(false)
  // Decided once, when the step opens: a watch step that is playing waits for the prediction.
  const [waiting, setWaiting] = useState(() => watch && store.getState().playing)
  const pausedForIt = useRef(waiting)
  const playing = useSim((s) => s.playing)
  useEffect(() => {
    if (pausedForIt.current) client.pause()
    return () => {
      // Leaving the step (or hiding the lesson) before checking: play on as before.
      if (pausedForIt.current && !store.getState().playing) client.play()
    }
  }, [client, store])
  const check = () => {
    setChecked(true)
    setWaiting(false)
    if (pausedForIt.current && !store.getState().playing) client.play()
    pausedForIt.current = false
  }
  return (
    <fieldset className="prediction">
      <legend>Predict first: {prediction.question}</legend>
      {prediction.options.map((o, i) => (
        <label key={i} className={checked ? (i === prediction.answer ? 'right' : i === choice ? 'wrong' : '') : ''}>
          <input type="radio" name={`${id}-prediction`} checked={choice === i} disabled={checked} onChange={() => setChoice(i)} /> {o}
          {checked && i === prediction.answer && <strong> (right answer)</strong>}
        </label>
      ))}
      {!checked ? (
        <>
          <button type="button" disabled={choice === null} onClick={check}>
            Check my prediction
          </button>
          {waiting && !playing && <span className="muted"> The simulation waits for your prediction.</span>}
        </>
      ) : (
        <p role="status">
          {choice === prediction.answer ? 'Right. ' : 'Not quite. '}
          {prediction.explanation}
        </p>
      )}
    </fieldset>
  )
}

function Completed({ spec, lessonId }: { spec: LessonSpec; lessonId: string }) {
  const client = useClient()
  const lessons = builtInLessons()
  const index = lessons.findIndex((l) => l.id === lessonId)
  const next = index >= 0 ? lessons[index + 1] : undefined
  return (
    <div className="lesson-complete" role="status">
      <h3>Lesson complete</h3>
      <p className="cheat-sheet">{spec.cheatSheet}</p>
      {next && (
        <button
          type="button"
          className="primary"
          onClick={() => {
            const scenario = builtInScenario(next.id)
            if (scenario) client.load(scenario, { playing: true, lessonStep: 0 })
          }}
        >
          Next lesson: {next.title}
        </button>
      )}
    </div>
  )
}

/**
 * Every built-in lesson, with what the learner has completed. Choosing one in the list only picks
 * it; "Open lesson" (or Enter on the list) opens it. Opening a lesson throws the run on screen
 * away, and a select changes its value on every arrow key, so the choice alone must not do it.
 */
export function LessonPicker({ current }: { current: string | null }) {
  const client = useClient()
  const id = useId()
  const lessons = builtInLessons()
  const progress = loadProgress()
  // The lesson picked but not opened yet; forgotten when another lesson opens.
  const [picked, setPicked] = useState<{ id: string; base: string | null } | null>(null)
  const chosen = picked !== null && picked.base === current && picked.id !== current ? picked.id : null
  const open = () => {
    if (chosen === null) return
    const scenario = builtInScenario(chosen)
    setPicked(null)
    if (scenario) client.load(scenario, { playing: true, lessonStep: 0 })
  }
  return (
    <span className="lesson-picker">
      <label htmlFor={`${id}-lessons`} className="visually-hidden">
        Lesson
      </label>
      <select
        id={`${id}-lessons`}
        value={chosen ?? current ?? ''}
        onChange={(e) => setPicked({ id: e.target.value, base: current })}
        onKeyDown={(e) => {
          if (chosen === null) return
          if (e.key === 'Enter') {
            e.preventDefault()
            open()
          } else if (e.key === 'Escape') {
            e.preventDefault()
            setPicked(null)
          }
        }}
        aria-describedby={chosen !== null ? `${id}-pending` : undefined}
      >
        {current === null && <option value="">Choose a lesson…</option>}
        {lessons.map((l, i) => {
          const scenario = builtInScenario(l.id)
          const total = scenario?.lesson?.steps.length ?? 0
          const done = (progress[l.id] ?? []).length
          return (
            <option key={l.id} value={l.id}>
              {i + 1}. {l.title}
              {done >= total && total > 0 ? ' ✓' : done > 0 ? ` (${done}/${total})` : ''}
            </option>
          )
        })}
      </select>
      {chosen !== null && (
        <>
          <button type="button" className="small primary" onClick={open}>
            Open lesson
          </button>
          <span id={`${id}-pending`} className="visually-hidden">
            {current === null ? 'Not opened yet.' : 'Not opened yet: opening it leaves this run.'} Enter or Open lesson opens it; Escape goes back.
          </span>
        </>
      )}
    </span>
  )
}

/** Outside a lesson: the sandbox, and the way back to the lessons. */
function SandboxBar() {
  const scenario = useSim((s) => s.scenario)
  const client = useClient()
  if (!scenario) return null
  return (
    <section className="lesson sandbox" aria-label="Sandbox">
      <header className="lesson-head">
        <h2>
          <span className="muted">Sandbox:</span> {scenario.title}
        </h2>
        {scenario.lesson && (
          <button type="button" className="small" onClick={() => client.load(scenario, { playing: true, lessonStep: 0 })}>
            Start this lesson
          </button>
        )}
        <LessonPicker current={null} />
      </header>
      {scenario.description && <p className="lesson-text">{scenario.description}</p>}
    </section>
  )
}
