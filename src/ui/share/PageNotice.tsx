import { useSim, useSimStore } from '../context'

/**
 * Problems with the page's address (a parameter that could not be used, a shared run that could
 * not be opened), shown under the top bar until dismissed. Text only, never HTML.
 */
export function PageNotice() {
  const store = useSimStore()
  const notice = useSim((s) => (s.notice?.source === 'url' ? s.notice : null))
  if (!notice) return null
  return (
    <div className={`page-notice notice notice-${notice.kind}`} role="alert">
      <p>{notice.text}</p>
      <button type="button" className="small" onClick={() => store.getState().setNotice(null)}>
        Dismiss
      </button>
    </div>
  )
}
