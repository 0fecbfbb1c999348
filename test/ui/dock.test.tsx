/**
 * The dock under the picture: Console, Charts and Code as tabs that follow the WAI-ARIA tabs
 * pattern (one tab stop; arrow keys, Home and End move focus and selection together), with the
 * Event log always visible beside them.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './harness'

const tablist = () => screen.getByRole('tablist', { name: 'Panels' })
const tab = (name: string) => within(tablist()).getByRole('tab', { name })

/** The selected tab, checked against everything the pattern ties to it. */
function expectSelected(name: string) {
  for (const t of within(tablist()).getAllByRole('tab')) {
    const selected = t.textContent === name
    expect(t).toHaveAttribute('aria-selected', String(selected))
    // Roving tabindex: only the selected tab is in the Tab order.
    expect(t).toHaveAttribute('tabindex', selected ? '0' : '-1')
  }
  const panel = screen.getByRole('tabpanel')
  expect(panel).toHaveAccessibleName(name)
  expect(tab(name)).toHaveAttribute('aria-controls', panel.id)
}

describe('dock tabs', () => {
  it('are a tablist named "Panels" with the tabs Console, Charts and Code, Console selected first, showing one tab panel', async () => {
    await renderApp()
    expect(within(tablist()).getAllByRole('tab').map((t) => t.textContent)).toEqual(['Console', 'Charts', 'Code'])
    expectSelected('Console')
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1)
    expect(within(screen.getByRole('tabpanel')).getByLabelText('Console output')).toBeInTheDocument()
  })

  it('select a tab on click and show its panel', async () => {
    const app = await renderApp()
    await app.user.click(tab('Charts'))
    expectSelected('Charts')
    expect(within(screen.getByRole('tabpanel')).getByRole('heading', { name: /^Charts/ })).toBeInTheDocument()
    await app.user.click(tab('Code'))
    expectSelected('Code')
    expect(within(screen.getByRole('tabpanel')).getByRole('radiogroup', { name: 'Language' })).toBeInTheDocument()
    expect(screen.queryByLabelText('Console output')).toBeNull()
  })

  it('ArrowRight and ArrowLeft move focus and selection to the next and previous tab, wrapping around at the ends', async () => {
    const app = await renderApp()
    tab('Console').focus()
    await app.user.keyboard('{ArrowRight}')
    expect(tab('Charts')).toHaveFocus()
    expectSelected('Charts')
    await app.user.keyboard('{ArrowRight}')
    expect(tab('Code')).toHaveFocus()
    expectSelected('Code')
    await app.user.keyboard('{ArrowRight}')
    expect(tab('Console')).toHaveFocus()
    expectSelected('Console')
    await app.user.keyboard('{ArrowLeft}')
    expect(tab('Code')).toHaveFocus()
    expectSelected('Code')
    await app.user.keyboard('{ArrowLeft}')
    expect(tab('Charts')).toHaveFocus()
    expectSelected('Charts')
  })

  it('arrow keys in the tablist move between tabs only: they do not also Step the simulation (the Right-arrow shortcut)', async () => {
    const app = await renderApp()
    await app.advance(100)
    expect(app.store.getState().playing).toBe(true)
    tab('Console').focus()
    await app.user.keyboard('{ArrowRight}{ArrowLeft}{ArrowRight}')
    await app.advance(100)
    expect(app.store.getState().playing).toBe(true)
    expectSelected('Charts')
  })

  it('Home and End move focus and selection to the first and last tab', async () => {
    const app = await renderApp()
    tab('Console').focus()
    await app.user.keyboard('{End}')
    expect(tab('Code')).toHaveFocus()
    expectSelected('Code')
    await app.user.keyboard('{Home}')
    expect(tab('Console')).toHaveFocus()
    expectSelected('Console')
  })

  it('Tab leaves the tablist from the selected tab, straight into its panel\'s content', async () => {
    const app = await renderApp()
    tab('Console').focus()
    await app.user.tab()
    // The console output is focusable (it scrolls), and the other tabs are skipped.
    expect(screen.getByLabelText('Console output')).toHaveFocus()
  })
})

describe('event log beside the tabs', () => {
  it.each(['Console', 'Charts', 'Code'])('stays visible as a log named "Event log", outside the tab panel, while %s is selected', async (name) => {
    const app = await renderApp()
    app.client.setSpeed(20)
    await app.user.click(tab(name))
    await app.advance(500)
    const log = screen.getByRole('log', { name: 'Event log' })
    expect(log).toBeVisible()
    expect(screen.getByRole('tabpanel')).not.toContainElement(log)
    expect(log).toHaveTextContent('my-consumer-group')
  })
})
