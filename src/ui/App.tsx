import { useEffect } from 'react'
import type { SimStore } from '../store/sim-store'
import type { SimClient } from '../worker/client'
import { ChartsPanel } from './charts/ChartsPanel'
import { CodePanel } from './CodePanel'
import { ConsolePanel } from './ConsolePanel'
import { SimProvider, useSim } from './context'
import { Dock } from './Dock'
import type { DockTab } from './Dock'
import { EventLog } from './EventLog'
import { Inspector } from './inspector/Inspector'
import { LessonPanel } from './lesson/LessonPanel'
import { Captions } from './presenter/Captions'
import { ViewMenu } from './presenter/ViewMenu'
import { ShareMenu } from './share/ShareMenu'
import { PageNotice } from './share/PageNotice'
import { EmbedBrand, EmbedPanels, LimitedPlayback } from '../embed/EmbedParts'
import { InspectorDrawer } from '../embed/InspectorDrawer'
import { PlaybackControls } from './PlaybackControls'
import { ClusterStage } from './stage/ClusterStage'
import { TeachingNotesBar } from './TeachingNotes'
import { Toolbar } from './Toolbar'
import { UndoReset } from './UndoReset'

const TABS: DockTab[] = [
  { id: 'console', label: 'Console', render: () => <ConsolePanel /> },
  { id: 'charts', label: 'Charts', render: () => <ChartsPanel /> },
  { id: 'code', label: 'Code', render: () => <CodePanel /> },
]

export function App({ store, client }: { store: SimStore; client: SimClient }) {
  return (
    <SimProvider store={store} client={client}>
      <Shell />
    </SimProvider>
  )
}

function Shell() {
  const title = useSim((s) => s.view?.title ?? '')
  const status = useSim((s) => s.status)
  const error = useSim((s) => s.error)
  const presenter = useSim((s) => s.presenter)
  // Presenter mode scales everything from the root font size (styles.css).
  useEffect(() => {
    document.documentElement.classList.toggle('kafka-sim-presenter', presenter)
  }, [presenter])
  // The tab and the window list name the lesson.
  useEffect(() => {
    document.title = title ? `${title} · kafka-sim` : 'kafka-sim'
  }, [title])
  // ?embed and ?controls= (fixed at start-up): below "full", nothing in the page changes the simulation.
  const { embed, controls } = useSim((s) => s.layout)
  const full = controls === 'full'
  const panels = (
    <div className="panels">
      <Dock tabs={TABS} />
      <EventLog />
    </div>
  )
  return (
    <div className={`app${presenter ? ' presenter' : ''}${embed ? ' embed' : ''} controls-${controls}`}>
      <header className="topbar">
        <h1 className="brand" title={title || undefined}>
          {embed ? <EmbedBrand /> : 'kafka-sim'} <span className="lesson-title">{title}</span>
        </h1>
        {full ? <PlaybackControls /> : <LimitedPlayback level={controls} />}
        {full && (
          <div className="top-actions">
            <ShareMenu />
            <ViewMenu />
          </div>
        )}
      </header>
      {status === 'error' && (
        <p className="notice notice-error" role="alert">
          The simulation stopped: {error}
        </p>
      )}
      <div className="app-body">
        <PageNotice />
        {full && <LessonPanel />}
        <TeachingNotesBar />
        {full && <Toolbar />}
        <main className="main">
          <Workspace inspector={full} />
          {embed ? <EmbedPanels canOpen={controls !== 'none'}>{panels}</EmbedPanels> : panels}
        </main>
      </div>
      <UndoReset />
      {presenter && <Captions />}
    </div>
  )
}

/** The picture, and the inspector beside it while something is selected (in an embed, a drawer over it). */
function Workspace({ inspector }: { inspector: boolean }) {
  const open = useSim((s) => inspector && s.selection !== null)
  const embed = useSim((s) => s.layout.embed)
  return (
    <div className={`workspace${open && !embed ? ' with-inspector' : ''}`}>
      <ClusterStage />
      {open &&
        (embed ? (
          <InspectorDrawer>
            <Inspector />
          </InspectorDrawer>
        ) : (
          <aside className="side" aria-label="Inspector">
            <Inspector />
          </aside>
        ))}
    </div>
  )
}
