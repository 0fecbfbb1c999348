/**
 * The lesson panel in the real app, over an in-thread simulation whose frames the test pumps: the
 * step's text (always text, never HTML), the live goal checklist, Hint, Show me, Next step, the step
 * dots and the lesson picker, progress kept in localStorage, Open in sandbox, predictions, and
 * controls a keyboard can reach, each with an accessible name.
 */
import { act, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { parseScenario } from '../../src/engine'
import type { Scenario } from '../../src/engine'
import { builtInLessons, builtInScenario } from '../../src/scenarios'
import { renderApp } from './harness'

const PROGRESS_KEY = 'kafka-sim:progress:v1'

beforeEach(() => {
  localStorage.clear()
})

/** The app following a lesson from `step` (0-based), as `?lesson=<id>&step=<step + 1>` opens it. */
async function renderLesson(scenario: Scenario | string = 'hello-kafka', options: { step?: number; playing?: boolean; speed?: number } = {}) {
  const s = typeof scenario === 'string' ? (builtInScenario(scenario) as Scenario) : scenario
  const app = await renderApp(s, { playing: options.playing ?? true })
  await act(async () => {
    app.client.load(s, { playing: options.playing ?? true, lessonStep: options.step ?? 0 })
    if (options.speed) app.client.setSpeed(options.speed)
    await Promise.resolve()
  })
  await app.advance(50)
  return { ...app, panel: () => screen.getByRole('region', { name: /^Lesson: / }) }
}

/** The checklist as the learner reads it: each goal's label and whether it is met. */
function goals(): [string, boolean][] {
  const list = screen.getByRole('list', { name: 'Goals' })
  return within(list)
    .getAllByRole('listitem')
    .map((li) => [li.querySelector('.goal-label')?.textContent ?? '', /\(met\)/.test(li.textContent ?? '')])
}

/** Pumps frames until `ok()` holds, `stepMs` of wall time at a time (fails after `limitMs`). */
async function advanceUntil(app: { advance(ms: number): Promise<void> }, ok: () => boolean, limitMs = 60_000, stepMs = 250) {
  for (let waited = 0; !ok(); waited += stepMs) {
    if (waited > limitMs) throw new Error('condition not reached')
    await app.advance(stepMs)
  }
}

const nextStep = () => screen.queryByRole('button', { name: 'Next step' })

describe('step text', () => {
  it('shows the lesson, the step and its text as paragraphs', async () => {
    const app = await renderLesson('hello-kafka')
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: Hello, Kafka · step 1 of 3: Produce, then consume/ })).toBeInTheDocument()
    const paragraphs = app.panel().querySelectorAll('.lesson-text p')
    expect(paragraphs).toHaveLength(2)
    expect(paragraphs[0]).toHaveTextContent(/^producer\.py sends ten click events/)
    expect(paragraphs[1]).toHaveTextContent(/^Watch each record land/)
  })

  it('renders a lesson\'s text, title, hint, goal labels and prediction as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    const scenario = parseScenario({
      format: 'kafka-sim/scenario',
      version: 1,
      id: 'evil',
      topics: [{ name: 't', partitions: 1 }],
      consumers: [{ id: 'c1', group: 'g', topics: ['t'] }],
      lesson: {
        title: `Evil ${evil}`,
        cheatSheet: `Sheet ${evil}`,
        steps: [
          {
            title: `Step ${evil}`,
            text: `Text ${evil}\n\nSecond <script>window.__pwned=2</script>`,
            goals: [{ check: 'groupMembers', group: 'g', min: 2, label: `Goal ${evil}` }],
            hint: `Hint ${evil}`,
            solution: [{ after: 0, command: { type: 'addConsumer', group: 'g' } }],
            prediction: { question: `Q ${evil}`, options: [`A ${evil}`, 'B'], answer: 1, explanation: `E ${evil}` },
          },
        ],
      },
    })
    const app = await renderLesson(scenario)
    await app.user.click(screen.getByRole('button', { name: 'Hint' }))
    await app.user.click(screen.getByRole('radio', { name: /^A / }))
    await app.user.click(screen.getByRole('button', { name: 'Check my prediction' }))
    const panel = app.panel()
    for (const shown of [`Evil ${evil}`, `Step ${evil}`, `Text ${evil}`, 'Second <script>window.__pwned=2</script>', `Goal ${evil}`, `Hint: Hint ${evil}`, `Q ${evil}`, `A ${evil}`, `E ${evil}`]) {
      expect(panel.textContent).toContain(shown)
    }
    expect(panel.querySelector('img, b, script')).toBeNull()
    expect((window as { __pwned?: number }).__pwned).toBeUndefined()
  })
})

describe('goal checklist', () => {
  it('a done step stays done: a goal that no longer holds keeps its tick and says it was met earlier', async () => {
    const scenario = parseScenario({
      format: 'kafka-sim/scenario',
      version: 1,
      id: 'two-members',
      cluster: { brokers: 1, config: { 'group.initial.rebalance.delay.ms': 0 } },
      topics: [{ name: 't', partitions: 2 }],
      consumers: [{ id: 'c1', group: 'g', topics: ['t'] }],
      lesson: {
        title: 'Two members',
        cheatSheet: 'Groups have members.',
        steps: [
          {
            title: 'Add one',
            text: 'Add a consumer.',
            goals: [{ check: 'groupMembers', group: 'g', min: 2, label: 'g has two members' }],
            hint: 'Press Add consumer.',
            solution: [{ after: 0, command: { type: 'addConsumer', group: 'g' } }],
          },
          { title: 'Then', text: 'Nothing.', watch: true, goals: [{ check: 'groupMembers', group: 'g', min: 1, label: 'g has a member' }], hint: 'Wait.', solution: [] },
        ],
      },
    })
    const app = await renderLesson(scenario)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await advanceUntil(app, () => goals()[0]?.[1] === true)
    expect(within(app.panel()).getByRole('heading', { name: 'Done:' })).toBeInTheDocument()
    // The added member leaves: the live check no longer holds, but the step was done.
    const added = app.store.getState().view!.groups[0]!.members.find((m) => m.id !== 'c1')!.id
    const leave = within(screen.getByRole('listitem', { name: added })).getByRole('button', { name: 'Leave' })
    await app.user.click(leave)
    await advanceUntil(app, () => /met earlier; now/.test(screen.getByRole('list', { name: 'Goals' }).textContent ?? ''))
    expect(goals()).toEqual([['g has two members', true]])
  })

  it('lists the step\'s goals, unmet at first, and ticks each one as the simulation makes it true', async () => {
    const app = await renderLesson('hello-kafka')
    expect(goals()).toEqual([
      ['user-activity stores all 10 click events', false],
      ['my-consumer-group has read each of them once', false],
    ])
    expect(screen.getByRole('heading', { name: 'Goal:' })).toBeInTheDocument()
    app.client.setSpeed(10)
    await advanceUntil(app, () => goals()[0]?.[1] === true)
    expect(screen.getByRole('list', { name: 'Goals' })).toHaveTextContent('user-activity stores 10 records')
    await advanceUntil(app, () => goals().every(([, ok]) => ok))
    expect(screen.getByRole('heading', { name: 'Done:' })).toBeInTheDocument()
  })

  it('is a polite live region, so a screen reader hears goals being met', async () => {
    await renderLesson('hello-kafka')
    expect(screen.getByRole('list', { name: 'Goals' })).toHaveAttribute('aria-live', 'polite')
  })
})

describe('Hint and Show me', () => {
  it('Hint reveals the step\'s hint, and hides it again', async () => {
    const app = await renderLesson('more-consumers-than-partitions')
    const hint = screen.getByRole('button', { name: 'Hint' })
    expect(hint).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('note')).toBeNull()
    await app.user.click(hint)
    expect(hint).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByRole('note')).toHaveTextContent('Hint: A partition can have only one owner per group: what do the extra members do?')
    await app.user.click(hint)
    expect(screen.queryByRole('note')).toBeNull()
  })

  it('Show me asks first; Cancel changes nothing', async () => {
    const app = await renderLesson('more-consumers-than-partitions', { speed: 10 })
    await app.advance(500)
    const before = app.store.getState().simTime
    await app.user.click(screen.getByRole('button', { name: 'Show me' }))
    const confirm = screen.getByRole('group', { name: 'Show me' })
    expect(confirm).toHaveTextContent('Start this step again from its beginning and play a solution?')
    await app.user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    await app.advance(250)
    expect(screen.queryByRole('group', { name: 'Show me' })).toBeNull()
    expect(app.store.getState().simTime).toBeGreaterThan(before)
    expect(app.host.commands()).toEqual([])
  })

  it('"Yes, show me" goes back to the step\'s start, plays the solution, and the goals turn met', async () => {
    const app = await renderLesson('more-consumers-than-partitions', { speed: 10 })
    await app.advance(1000)
    expect(app.store.getState().simTime).toBeGreaterThan(5000)
    await app.user.click(screen.getByRole('button', { name: 'Show me' }))
    await app.user.click(screen.getByRole('button', { name: 'Yes, show me' }))
    await app.advance(50)
    expect(app.store.getState().simTime).toBeLessThan(5000)
    expect(app.panel()).toHaveTextContent('Showing a solution…')
    await advanceUntil(app, () => goals().every(([, ok]) => ok))
    expect(app.panel()).not.toHaveTextContent('Showing a solution…')
    expect(app.host.commands().map((c) => c.command.type)).toEqual(['addConsumer', 'addConsumer'])
  })

  it('Restart step goes back to the step\'s start and forgets what the learner did', async () => {
    const app = await renderLesson('more-consumers-than-partitions', { speed: 10 })
    await app.advance(500)
    await app.user.click(screen.getByRole('button', { name: 'Add consumer' }))
    await app.advance(1000)
    expect(app.host.commands()).toHaveLength(1)
    await app.user.click(screen.getByRole('button', { name: 'Restart step' }))
    await app.advance(50)
    expect(app.store.getState().simTime).toBeLessThan(1000)
    expect(app.host.commands()).toEqual([])
  })
})

describe('Next step', () => {
  it('cannot be pressed until every goal is met; then it starts the next step', async () => {
    const app = await renderLesson('hello-kafka')
    expect(nextStep()).toBeNull()
    app.client.setSpeed(4)
    await app.advance(500)
    expect(goals().some(([, ok]) => !ok)).toBe(true)
    expect(nextStep()).toBeNull()
    await advanceUntil(app, () => nextStep() !== null)
    expect(goals().every(([, ok]) => ok)).toBe(true)
    expect(nextStep()).toBeEnabled()
    await app.user.click(nextStep() as HTMLElement)
    expect(screen.getByRole('heading', { level: 2, name: /step 2 of 3: Run consumer\.py again/ })).toBeInTheDocument()
    expect(goals()).toEqual([
      ['A new consumer.py session in my-consumer-group resumed from the committed offset and printed nothing', false],
      ['user-activity still stores all 10 records', true],
    ])
    // The new step has the focus (the pressed button is gone), so the keyboard carries on from there.
    expect(screen.getByRole('group', { name: 'Step 2: Run consumer.py again' })).toHaveFocus()
    expect(nextStep()).toBeNull()
  })

  it('after the last step, shows "Lesson complete" with the cheat sheet and the way to the next lesson', async () => {
    const app = await renderLesson('hello-kafka', { step: 2, speed: 10 })
    expect(screen.queryByText('Lesson complete')).toBeNull()
    await app.user.click(screen.getByRole('button', { name: 'Show me' }))
    await app.user.click(screen.getByRole('button', { name: 'Yes, show me' }))
    await advanceUntil(app, () => screen.queryByRole('heading', { name: 'Lesson complete' }) !== null)
    expect(screen.getByText(/A topic is a log: reading does not remove records/)).toBeInTheDocument()
    expect(nextStep()).toBeNull()
    await app.user.click(screen.getByRole('button', { name: 'Next lesson: Partitions and parallelism' }))
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: Partitions and parallelism · step 1 of 3/ })).toBeInTheDocument()
  })
})

describe('step dots and the lesson picker', () => {
  it('the dots name each step, mark the current one and tick the done ones', async () => {
    const app = await renderLesson('hello-kafka', { step: 1 })
    const dots = within(screen.getByRole('list', { name: 'Steps' })).getAllByRole('listitem')
    expect(dots.map((d) => d.querySelector('.visually-hidden')?.textContent)).toEqual(['Step 1, done', 'Step 2', 'Step 3'])
    expect(dots.map((d) => d.querySelector('[aria-hidden="true"]')?.textContent)).toEqual(['✓', '2', '3'])
    expect(dots[1]).toHaveAttribute('aria-current', 'step')
    expect(app.panel()).toHaveTextContent('step 2 of 3')
  })

  it('a dot takes the learner to its step, with the earlier steps played through', async () => {
    const app = await renderLesson('hello-kafka')
    const steps = screen.getByRole('list', { name: 'Steps' })
    await app.user.click(within(steps).getByRole('button', { name: /^Step 3/ }))
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /step 3 of 3: A new group replays everything/ })).toBeInTheDocument()
    // Steps 1 and 2 were played through: the topic holds the ten records.
    expect(app.host.simulation?.partition('user-activity', 0)?.highWatermark).toBe(10)
    await app.user.click(within(screen.getByRole('list', { name: 'Steps' })).getByRole('button', { name: /^Step 1/ }))
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /step 1 of 3/ })).toBeInTheDocument()
    expect(app.store.getState().simTime).toBeLessThan(1000)
  })

  it('the picker lists every lesson in course order and opens the one chosen at its first step', async () => {
    const app = await renderLesson('hello-kafka')
    const picker = screen.getByRole('combobox', { name: 'Lesson' })
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '1. Hello, Kafka',
      '2. Partitions and parallelism',
      '3. Keys and ordering',
      '4. Consumer lag and scaling out',
      '5. More consumers than partitions',
      '6. Two groups (publish/subscribe)',
      '7. Eager versus cooperative rebalancing',
      '8. Broker failure and replication',
      '9. acks and durability',
      '10. Retention',
    ])
    expect(picker).toHaveValue('hello-kafka')
    expect(screen.queryByRole('button', { name: 'Open lesson' })).toBeNull()
    await app.user.selectOptions(picker, 'more-consumers-than-partitions')
    await app.advance(50)
    // Choosing only picks: the lesson on screen goes on until Open lesson.
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: Hello, Kafka/ })).toBeInTheDocument()
    await app.user.click(screen.getByRole('button', { name: 'Open lesson' }))
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: More consumers than partitions · step 1 of 2/ })).toBeInTheDocument()
    expect(screen.getByRole('combobox', { name: 'Lesson' })).toHaveValue('more-consumers-than-partitions')
    expect(screen.queryByRole('button', { name: 'Open lesson' })).toBeNull()
  })

  it('an arrow key on the picker does not throw the run away: Enter opens the lesson chosen, Escape goes back', async () => {
    const app = await renderLesson('hello-kafka', { speed: 20 })
    await app.advance(500)
    const before = app.store.getState().simTime
    const picker = screen.getByRole('combobox', { name: 'Lesson' }) as HTMLSelectElement
    picker.focus()
    // What a browser does on ArrowDown in a closed select: the next option, and a change event.
    await app.user.keyboard('{ArrowDown}')
    act(() => {
      picker.value = 'partitions-and-parallelism'
      picker.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: Hello, Kafka/ })).toBeInTheDocument()
    expect(app.store.getState().simTime).toBeGreaterThan(before)
    expect(picker).toHaveValue('partitions-and-parallelism')
    expect(picker).toHaveAccessibleDescription(/Not opened yet: opening it leaves this run/)
    await app.user.keyboard('{Escape}')
    expect(picker).toHaveValue('hello-kafka')
    expect(screen.queryByRole('button', { name: 'Open lesson' })).toBeNull()

    act(() => {
      picker.value = 'partitions-and-parallelism'
      picker.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await app.user.keyboard('{Enter}')
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: Partitions and parallelism · step 1 of/ })).toBeInTheDocument()
  })
})

describe('progress in localStorage', () => {
  it('records each step the learner completes, and the picker shows it on the next visit', async () => {
    const app = await renderLesson('hello-kafka', { speed: 20 })
    expect(localStorage.getItem(PROGRESS_KEY)).toBeNull()
    await advanceUntil(app, () => nextStep() !== null)
    await app.advance(50)
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}')).toEqual({ 'hello-kafka': [0] })
    app.unmount()

    // A new visit: the picker remembers.
    await renderLesson('partitions-and-parallelism')
    const options = within(screen.getByRole('combobox', { name: 'Lesson' })).getAllByRole('option')
    expect(options[0]).toHaveTextContent('1. Hello, Kafka (1/3)')
    expect(options[1]).toHaveTextContent(/^2\. Partitions and parallelism$/)
  })

  it('marks a lesson whose every step is done with a tick', async () => {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ 'two-groups': [0, 1, 2] }))
    await renderLesson('hello-kafka')
    const option = within(screen.getByRole('combobox', { name: 'Lesson' })).getByRole('option', { name: /Two groups/ })
    expect(option).toHaveTextContent('6. Two groups (publish/subscribe) ✓')
  })

  it('offers to continue a lesson begun on an earlier visit at the first step not done', async () => {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ 'hello-kafka': [0] }))
    const app = await renderLesson('hello-kafka')
    expect(screen.getByText(/On an earlier visit you did step 1\./)).toBeInTheDocument()
    await app.user.click(screen.getByRole('button', { name: 'Continue at step 2' }))
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /step 2 of 3/ })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Continue at step/ })).toBeNull()
  })

  it('offers nothing for a lesson already finished', async () => {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ 'two-groups': [0, 1, 2] }))
    await renderLesson('two-groups')
    expect(screen.queryByRole('button', { name: /Continue at step/ })).toBeNull()
  })

  it('does not count steps that a ?step= link played through as the learner\'s own', async () => {
    const app = await renderLesson('hello-kafka', { step: 2 })
    await app.advance(500)
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}')).toEqual({})
  })

  it('survives storage that is broken or full', async () => {
    localStorage.setItem(PROGRESS_KEY, '{not json')
    const app = await renderLesson('hello-kafka', { speed: 20 })
    expect(within(screen.getByRole('combobox', { name: 'Lesson' })).getAllByRole('option')[0]).toHaveTextContent(/^1\. Hello, Kafka$/)
    const setItem = Storage.prototype.setItem
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError')
    }
    try {
      await advanceUntil(app, () => nextStep() !== null)
      await app.advance(50)
      expect(nextStep()).toBeEnabled()
    } finally {
      Storage.prototype.setItem = setItem
    }
  })
})

describe('locks and Open in sandbox', () => {
  it('a locked control explains the lesson\'s reason next to it, not as a refusal from Kafka', async () => {
    const app = await renderLesson('more-consumers-than-partitions')
    // The panel says up front what is locked, and why.
    expect(app.panel()).toHaveTextContent('Locked in this step: add partitions. In this lesson user-activity keeps its 3 partitions')
    const topic = screen.getByRole('article', { name: 'topic user-activity' })
    await app.user.click(within(topic).getByRole('button', { name: 'Add partition' }))
    await act(async () => {
      await Promise.resolve()
    })
    const alert = within(topic).getByRole('alert')
    expect(alert).toHaveTextContent('In this lesson user-activity keeps its 3 partitions')
    expect(alert).toHaveTextContent(/Open in sandbox/)
    expect(alert).not.toHaveTextContent('Kafka refused')
    expect(alert).not.toHaveTextContent('LOCKED_BY_LESSON')
  })

  it('Open in sandbox leaves the lesson, keeps the simulation running where it was, and unlocks every control', async () => {
    const app = await renderLesson('more-consumers-than-partitions', { speed: 10 })
    await app.advance(1000)
    const before = app.store.getState().simTime
    await app.user.click(screen.getByRole('button', { name: 'Open in sandbox' }))
    await app.advance(50)
    expect(screen.queryByRole('region', { name: /^Lesson: / })).toBeNull()
    const sandbox = screen.getByRole('region', { name: 'Sandbox' })
    expect(sandbox).toHaveTextContent('Sandbox: More consumers than partitions')
    expect(app.store.getState().simTime).toBeGreaterThanOrEqual(before)
    const topic = screen.getByRole('article', { name: 'topic user-activity' })
    await app.user.click(within(topic).getByRole('button', { name: 'Add partition' }))
    await app.advance(250)
    expect(within(topic).queryByRole('alert')).toBeNull()
    expect(within(topic)).toBeTruthy()
    expect(screen.getByRole('article', { name: 'topic user-activity' })).toHaveTextContent('4 partitions')
    // And the lesson can be started again from the sandbox.
    await app.user.click(within(sandbox).getByRole('button', { name: 'Start this lesson' }))
    await app.advance(50)
    expect(screen.getByRole('region', { name: /^Lesson: More consumers than partitions/ })).toBeInTheDocument()
  })
})

describe('lesson texts name what the app shows', () => {
  /** Every step text and hint of every built-in lesson. */
  const texts = () =>
    builtInLessons().flatMap((l) => (builtInScenario(l.id)?.lesson?.steps ?? []).flatMap((step, i) => [step.text, step.hint].map((text) => ({ where: `${l.id} step ${i + 1}`, text }))))

  /** The control names after "press" in the lessons, e.g. "Add consumer group" in "press Add consumer group, name it analytics". */
  function pressed(): Map<string, string[]> {
    const names = new Map<string, string[]>()
    for (const { where, text } of texts()) {
      for (const m of text.matchAll(/\b[Pp]ress (.+?)(?=[,.;:)]| on | for | again| twice| only| until| then|$)/g)) {
        const name = m[1] as string
        names.set(name, [...(names.get(name) ?? []), where])
      }
    }
    return names
  }

  const member = (group: string, id: string) => within(screen.getByRole('list', { name: `members of ${group}` })).getByRole('listitem', { name: id })

  it('every control a lesson tells the learner to press is a button with that name', async () => {
    const found = new Set<string>()
    const see = (name: string, button: HTMLElement) => {
      expect(button).toBeInTheDocument()
      found.add(name)
    }
    // One broker: the clients' controls, the toolbar and the lesson's own.
    let app = await renderLesson('hello-kafka', { speed: 20 })
    see('Restart step', screen.getByRole('button', { name: 'Restart step' }))
    see('Add consumer group', screen.getByRole('button', { name: 'Add consumer group' }))
    see('Add partition', within(screen.getByRole('article', { name: 'topic user-activity' })).getByRole('button', { name: 'Add partition' }))
    see('Add consumer', within(screen.getByRole('article', { name: 'consumer group my-consumer-group' })).getByRole('button', { name: 'Add consumer' }))
    see('Crash', within(member('my-consumer-group', 'consumer-1')).getByRole('button', { name: 'Crash' }))
    await app.user.click(within(member('my-consumer-group', 'consumer-1')).getByRole('button', { name: 'Leave' }))
    found.add('Leave')
    await app.advance(250)
    see('Restart', within(member('my-consumer-group', 'consumer-1')).getByRole('button', { name: 'Restart' }))
    await app.user.click(within(screen.getByRole('article', { name: 'producer-1' })).getByRole('button', { name: 'producer-1' }))
    see('Send 10 now', screen.getByRole('button', { name: 'Send 10 now' }))
    await app.user.click(screen.getByRole('button', { name: 'Pause' }))
    see('Play', screen.getByRole('button', { name: 'Play' }))
    app.unmount()
    // Three brokers: the brokers' controls.
    app = await renderLesson('broker-failure-and-replication', { speed: 20 })
    const broker2 = screen.getByRole('article', { name: 'broker 2' })
    await app.user.click(within(broker2).getByRole('button', { name: 'Kill broker' }))
    found.add('Kill broker')
    await app.advance(250)
    see('Restart broker', within(broker2).getByRole('button', { name: 'Restart broker' }))

    const named = pressed()
    expect(named.size).toBeGreaterThan(5)
    for (const [name, where] of named) expect(found.has(name), `"press ${name}" (${where.join(', ')}) names no control the app has`).toBe(true)
  })

  it('what the texts point at is on screen under the same words', async () => {
    const all = texts().map((t) => t.text).join('\n')
    // The leader's log is marked "★ leader" (there is no crown); lag is on the group card and per partition in the Charts tab.
    for (const words of ['★ leader', 'Charts tab', "my-consumer-group's card", 'Send 10 now', 'Start from: latest', 'Start from: earliest', 'Stable', 'the record count beside user-activity-0', 'Speed slider']) {
      expect(all, words).toContain(words)
    }
    expect(all).not.toMatch(/crown|lag bars|produce 5 more|segment disappear/i)
    // Hello, Kafka starts playing by itself: its first hint does not send the learner to Play.
    expect(builtInScenario('hello-kafka')?.lesson?.steps[0]?.hint).toMatch(/^Just watch: it plays by itself \(press Play only if you paused it\)/)

    const app = await renderLesson('broker-failure-and-replication', { speed: 20 })
    await app.advance(1000)
    // One leader's log for each of the 6 partitions of user-activity and orders.
    expect(screen.getAllByText('★ leader')).toHaveLength(6)
    expect(screen.getByRole('tab', { name: 'Charts' })).toBeInTheDocument()
    expect(screen.getByRole('slider', { name: 'Speed' })).toBeInTheDocument()
    const group = screen.getByRole('article', { name: 'consumer group my-consumer-group' })
    expect(within(group).getByText('lag')).toBeInTheDocument()
    await advanceUntil(app, () => within(group).queryByText('Stable') !== null)
    // The record count beside a partition's name.
    expect(screen.getByRole('region', { name: /^user-activity-0: offsets 0 to / })).toHaveTextContent(/user-activity-0★ leader\d+ records/)
    // The producer's settings and button, as the texts name them.
    await app.user.click(within(screen.getByRole('article', { name: 'producer-1' })).getByRole('button', { name: 'producer-1' }))
    const inspector = () => within(screen.getByRole('complementary', { name: 'Inspector' }))
    expect(inspector().getByLabelText('acks')).toBeInTheDocument()
    expect(inspector().getByLabelText('Partitioner for records without a key')).toBeInTheDocument()
    expect(inspector().getByRole('radio', { name: 'user ids' })).toBeInTheDocument()
    // The group's assignor, the topic's min.insync.replicas.
    await app.user.click(within(group).getByRole('button', { name: 'my-consumer-group' }))
    expect(inspector().getByLabelText('Assignor (partition.assignment.strategy)')).toBeInTheDocument()
    await app.user.click(within(screen.getByRole('article', { name: 'topic user-activity' })).getByRole('button', { name: 'user-activity' }))
    expect(inspector().getAllByLabelText('min.insync.replicas').length).toBeGreaterThan(0)
    // The new group form's "Start from" choice.
    await app.user.click(screen.getByRole('button', { name: 'Add consumer group' }))
    const start = screen.getByLabelText('Start from (auto.offset.reset)')
    expect(within(start).getByRole('option', { name: /^earliest/ })).toBeInTheDocument()
    expect(within(start).getByRole('option', { name: /^latest/ })).toBeInTheDocument()
  })
})

describe('settings changed for teaching', () => {
  const notes = async (lesson: string) => {
    await renderLesson(lesson)
    const bar = screen.getByRole('region', { name: 'Settings changed for teaching' })
    return within(bar)
  }

  it('says that the retention lesson\'s tiny segments are shortened for teaching, and that Kafka 4 requires at least 1 MiB', async () => {
    const bar = await notes('retention')
    expect(bar.getByText(/^Settings changed for teaching \(\d+\)$/)).toBeInTheDocument()
    const items = bar.getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toContain(
      "Topic user-activity: segment.bytes = 2000 bytes; Kafka's default: 1073741824 (1 GiB). Shortened for teaching, so that segments fill and roll within seconds: real Kafka 4 requires at least 1048576 bytes (1 MiB, KIP-1030) and would refuse this value.",
    )
    expect(items).toContain("Topic user-activity: retention.ms = 30000 (30 s); Kafka's default: 604800000 (7 days).")
    expect(items).toContain("Broker log.retention.check.interval.ms = 5000 (5 s); Kafka's default: 300000 (5 min).")
  })

  it('lists every changed client setting with both values, in words where they are times', async () => {
    const bar = await notes('more-consumers-than-partitions')
    const items = bar.getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toContain("Consumer session.timeout.ms = 10000 (10 s); Kafka's default: 45000 (45 s).")
    expect(items).toContain('Consumer auto.offset.reset = "earliest"; Kafka\'s default: "latest".')
    expect(items).toContain("Producer linger.ms = 0 ms; Kafka's default: 5 ms.")
  })
})

describe('predictions', () => {
  it('asks before acting: an answer must be chosen, then the right one is shown with the explanation', async () => {
    const app = await renderLesson('more-consumers-than-partitions')
    const box = screen.getByRole('group', { name: /^Predict first: Members 4 and 5 join a group that reads 3 partitions/ })
    const check = within(box).getByRole('button', { name: 'Check my prediction' })
    expect(check).toBeDisabled()
    await app.user.click(within(box).getByRole('radio', { name: 'A share of every partition' }))
    expect(check).toBeEnabled()
    await app.user.click(check)
    expect(within(box).getByRole('status')).toHaveTextContent(/^Not quite\. A partition has exactly one owner in a group/)
    expect(within(box).getByText('(right answer)').closest('label')).toHaveTextContent('Nothing: they wait, idle')
    for (const radio of within(box).getAllByRole('radio')) expect(radio).toBeDisabled()
  })

  it('says "Right." for the right answer', async () => {
    const app = await renderLesson('more-consumers-than-partitions')
    await app.user.click(screen.getByRole('radio', { name: 'Nothing: they wait, idle' }))
    await app.user.click(screen.getByRole('button', { name: 'Check my prediction' }))
    const box = screen.getByRole('group', { name: /^Predict first/ })
    expect(within(box).getByRole('status')).toHaveTextContent(/^Right\. A partition has exactly one owner/)
    expect(within(box).queryByText(/^Not quite/)).toBeNull()
  })

  it('on a watch step the simulation waits for the prediction, so the answer cannot play out first; checking it plays on', async () => {
    const app = await renderLesson('partitions-and-parallelism')
    await app.advance(50)
    expect(app.store.getState().playing).toBe(false)
    const box = screen.getByRole('group', { name: /^Predict first/ })
    expect(box).toHaveTextContent('The simulation waits for your prediction.')
    const before = app.store.getState().simTime
    await app.advance(1000)
    expect(app.store.getState().simTime).toBe(before)
    await app.user.click(within(box).getAllByRole('radio')[0]!)
    await app.user.click(within(box).getByRole('button', { name: 'Check my prediction' }))
    await app.advance(500)
    expect(app.store.getState().playing).toBe(true)
    expect(app.store.getState().simTime).toBeGreaterThan(before)
  })

  it('on a step where the learner acts, a prediction does not stop the clock', async () => {
    const app = await renderLesson('more-consumers-than-partitions')
    await app.advance(500)
    expect(app.store.getState().playing).toBe(true)
  })

  it('a step without a prediction shows none', async () => {
    await renderLesson('hello-kafka')
    expect(screen.queryByRole('group', { name: /^Predict first/ })).toBeNull()
  })
})

describe('keyboard and names', () => {
  it('every control of the panel has an accessible name and is reached with Tab, in reading order', async () => {
    const app = await renderLesson('more-consumers-than-partitions', { step: 1, playing: false })
    const panel = app.panel()
    const radios = within(panel).getAllByRole('radio')
    const controls = [...panel.querySelectorAll('button, select, input')].filter((c) => !(c as HTMLButtonElement).disabled)
    for (const c of controls) expect(c).toHaveAccessibleName()
    // A radio group is one Tab stop (arrow keys move inside it): the first radio stands for it.
    const stops = controls.filter((c) => !radios.includes(c as HTMLElement) || c === radios[0])
    expect(stops.length).toBeGreaterThanOrEqual(8)
    // Tab from the start of the page until the focus leaves the panel.
    const reached: Element[] = []
    ;(document.activeElement as HTMLElement | null)?.blur()
    for (let i = 0; i < 300; i++) {
      await app.user.tab()
      const at = document.activeElement
      if (at && panel.contains(at)) {
        if (!reached.includes(at)) reached.push(at)
      } else if (reached.length > 0) break
    }
    const name = (e: Element) => `${e.tagName} ${e.getAttribute('aria-label') ?? e.textContent}`
    expect(reached.map(name)).toEqual(stops.map(name))
    // Inside the prediction, arrow keys choose.
    radios[0]?.focus()
    await app.user.keyboard('{ArrowDown}')
    expect(radios[1]).toBeChecked()
  })

  it('the learner can play a step with the keyboard alone: Hint, Show me, Yes, then Next step', async () => {
    const app = await renderLesson('more-consumers-than-partitions', { speed: 20 })
    screen.getByRole('button', { name: 'Hint' }).focus()
    await app.user.keyboard('{Enter}')
    expect(screen.getByRole('note')).toHaveTextContent(/^Hint:/)
    screen.getByRole('button', { name: 'Show me' }).focus()
    await app.user.keyboard(' ')
    // The confirmation takes the focus, so Enter answers it.
    expect(screen.getByRole('button', { name: 'Yes, show me' })).toHaveFocus()
    await app.user.keyboard('{Enter}')
    await advanceUntil(app, () => nextStep() !== null)
    ;(nextStep() as HTMLElement).focus()
    await app.user.keyboard('{Enter}')
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /step 2 of 2: Crash an active member/ })).toBeInTheDocument()
  })

  it('Hide lesson folds the panel away and Show lesson brings it back', async () => {
    const app = await renderLesson('hello-kafka')
    const toggle = screen.getByRole('button', { name: 'Hide lesson' })
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    await app.user.click(toggle)
    // Folded away: the step's text and actions go; the title and the goals stay, on a line.
    expect(screen.queryByRole('group', { name: /^Step 1/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Hint' })).toBeNull()
    expect(screen.getByRole('heading', { level: 2, name: /Lesson: Hello, Kafka · step 1 of 3/ })).toBeInTheDocument()
    expect(goals()).toEqual([
      ['user-activity stores all 10 click events', false],
      ['my-consumer-group has read each of them once', false],
    ])
    expect(screen.getByRole('button', { name: 'Show lesson' })).toHaveAttribute('aria-expanded', 'false')
    await app.user.click(screen.getByRole('button', { name: 'Show lesson' }))
    expect(screen.getByRole('group', { name: /^Step 1/ })).toBeInTheDocument()
    expect(screen.getByRole('list', { name: 'Goals' })).toBeInTheDocument()
  })

  it('folded away, the goals still tick and Next step appears when they are met', async () => {
    const app = await renderLesson('hello-kafka', { speed: 20 })
    await app.user.click(screen.getByRole('button', { name: 'Hide lesson' }))
    await advanceUntil(app, () => nextStep() !== null)
    expect(goals().every(([, met]) => met)).toBe(true)
    await app.user.click(nextStep() as HTMLElement)
    await app.advance(50)
    expect(screen.getByRole('heading', { level: 2, name: /step 2 of 3/ })).toBeInTheDocument()
    // The button is gone; the focus goes to the new step's goals, not to the page's start.
    expect(document.activeElement).toHaveClass('lesson-summary')
  })
})
