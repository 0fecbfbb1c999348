/**
 * Two lessons played from start to end in real Chromium against the production build, the way a
 * learner plays them: with the app's own controls (buttons and forms found by their accessible
 * names) and, once, "Show me". Each step's goals must tick in the checklist before Next step is
 * offered, and the lesson ends on "Lesson complete", with the progress kept in localStorage.
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { groupCard, speedKey } from './app-helpers'
import { openApp, useBrowser } from './harness'

const browser = useBrowser()

function lessonPanel(page: Page): Locator {
  return page.getByRole('region', { name: /^Lesson: / })
}

/** The goal checklist as the learner reads it: "(met)" or "(not yet)" after each goal. */
async function goalStates(page: Page): Promise<boolean[]> {
  const items = await lessonPanel(page).getByRole('list', { name: 'Goals' }).getByRole('listitem').allTextContents()
  return items.map((t) => t.includes('(met)'))
}

/** Waits until every goal of the step is met and the checklist says "Done:". */
async function waitForGoals(page: Page, timeout = 20_000): Promise<void> {
  await expect.poll(async () => (await goalStates(page)).every(Boolean), { timeout }).toBe(true)
  await lessonPanel(page).getByRole('heading', { name: 'Done:' }).waitFor()
}

async function heading(page: Page): Promise<string> {
  return (await lessonPanel(page).getByRole('heading', { level: 2 }).textContent()) ?? ''
}

describe('lessons in the browser', () => {
  it('Hello, Kafka: watch the ten records, run consumer.py again with Leave and Restart, then replay everything in a new group', async () => {
    const { page, errors, close } = await openApp(browser(), '?lesson=hello-kafka')
    try {
      const panel = lessonPanel(page)
      await panel.waitFor()
      expect(await heading(page)).toMatch(/Hello, Kafka\s*· step 1 of 3: Produce, then consume/)
      expect(await goalStates(page)).toEqual([false, false])
      await expect(panel.getByRole('button', { name: 'Next step' }).count()).resolves.toBe(0)
      await speedKey(page, 'End')

      // Step 1 is watched: the ten records are stored and read.
      await waitForGoals(page)
      await panel.getByRole('button', { name: 'Next step' }).click()
      await expect.poll(() => heading(page)).toMatch(/step 2 of 3: Run consumer\.py again/)
      expect((await goalStates(page))[0]).toBe(false)

      // Step 2: stop consumer.py and run it again, with the member's own buttons.
      const member = groupCard(page, 'my-consumer-group').getByRole('listitem', { name: 'consumer-1' })
      await member.getByRole('button', { name: 'Leave' }).click()
      await member.getByRole('button', { name: 'Restart' }).click()
      await waitForGoals(page)
      // The Console shows the second run as a terminal would: the command again, and where it resumes.
      const consoleOut = page.getByLabel('Console output')
      await expect.poll(async () => ((await consoleOut.textContent()) ?? '').split('$ python consumer.py').length - 1).toBe(2)
      expect(await consoleOut.textContent()).toMatch(/Offset=9,[^\n]*\n\$ python consumer\.py {2}# group_id='my-consumer-group'\n\(user-activity-0: resuming at committed offset 10\)\n?$/)
      await panel.getByRole('button', { name: 'Next step' }).click()
      await expect.poll(() => heading(page)).toMatch(/step 3 of 3: A new group replays everything/)

      // Step 3: a consumer in a new group, from the toolbar's form.
      await page.getByRole('button', { name: 'Add consumer group' }).click()
      const form = page.getByRole('form', { name: 'New consumer group' })
      await form.getByLabel('Group id').fill('my-consumer-group-2')
      await form.getByLabel(/auto\.offset\.reset/).selectOption('earliest')
      await form.getByRole('button', { name: 'Create group' }).click()
      await waitForGoals(page)

      const complete = panel.getByRole('status').filter({ has: page.getByRole('heading', { name: 'Lesson complete' }) })
      await complete.waitFor()
      expect(await complete.textContent()).toContain('A topic is a log: reading does not remove records.')
      expect(await panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').allTextContents()).toEqual(['Step 1, done✓', 'Step 2, done✓', 'Step 3, done✓'])
      expect(await page.evaluate(() => localStorage.getItem('kafka-sim:progress:v1'))).toBe('{"hello-kafka":[0,1,2]}')
      await expect(complete.getByRole('button', { name: 'Next lesson: Partitions and parallelism' }).count()).resolves.toBe(1)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('acks and durability, step 2 with another seed (?seed=99999, where broker 3 leads): "Show me" kills the current leader and completes the step', async () => {
    const { page, errors, close } = await openApp(browser(), '?lesson=acks-and-durability&step=2&seed=99999')
    try {
      const panel = lessonPanel(page)
      await expect.poll(() => heading(page), { timeout: 30_000 }).toMatch(/acks and durability\s*· step 2 of 3: Make acknowledged writes durable/)
      await speedKey(page, 'End')
      await panel.getByRole('button', { name: 'Show me' }).click()
      await panel.getByRole('button', { name: 'Yes, show me' }).click()
      await waitForGoals(page, 30_000)
      expect(await panel.textContent()).not.toContain('Showing a solution')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('More consumers than partitions: Add partition is locked, two more consumers idle, and "Show me" crashes an active member for a standby to take over', async () => {
    const { page, errors, close } = await openApp(browser(), '?lesson=more-consumers-than-partitions')
    try {
      const panel = lessonPanel(page)
      await panel.waitFor()
      expect(await heading(page)).toMatch(/More consumers than partitions\s*· step 1 of 2: Add two more consumers/)
      await speedKey(page, 'End')

      // The shortcut the lesson is about is locked, and says why next to the button.
      const topic = page.getByRole('article', { name: 'topic user-activity', exact: true })
      await topic.getByRole('button', { name: 'Add partition' }).click()
      const alert = topic.getByRole('alert')
      await alert.waitFor()
      expect(await alert.textContent()).toContain('In this lesson user-activity keeps its 3 partitions')
      expect(await alert.textContent()).not.toContain('Kafka refused')
      expect(await topic.textContent()).toContain('3 partitions')

      // Predict first, then act.
      await panel.getByRole('radio', { name: 'Nothing: they wait, idle' }).check()
      await panel.getByRole('button', { name: 'Check my prediction' }).click()
      expect(await panel.getByRole('group', { name: /^Predict first/ }).getByRole('status').textContent()).toMatch(/^Right\./)

      const group = groupCard(page, 'my-consumer-group')
      await group.getByRole('button', { name: 'Add consumer', exact: true }).click()
      await group.getByRole('button', { name: 'Add consumer', exact: true }).click()
      await waitForGoals(page)
      expect(await group.getByRole('listitem', { name: /^consumer-[45]$/ }).count()).toBe(2)
      await panel.getByRole('button', { name: 'Next step' }).click()
      await expect.poll(() => heading(page)).toMatch(/step 2 of 2: Crash an active member/)

      // Step 2 with "Show me": confirm, watch the solution play, and the goals tick.
      await panel.getByRole('button', { name: 'Show me' }).click()
      await panel.getByRole('button', { name: 'Yes, show me' }).click()
      await waitForGoals(page, 30_000)
      await panel.getByRole('heading', { name: 'Lesson complete' }).waitFor()
      expect(await panel.textContent()).toContain('A partition has one owner per group: extra members idle as hot standbys.')
      // The solution crashed consumer-1: it is down, offering Restart.
      expect(await group.getByRole('listitem', { name: 'consumer-1' }).getByRole('button', { name: 'Restart' }).count()).toBe(1)
      expect(await page.evaluate(() => localStorage.getItem('kafka-sim:progress:v1'))).toBe('{"more-consumers-than-partitions":[0,1]}')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
