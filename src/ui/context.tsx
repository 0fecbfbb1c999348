import { createContext, useContext } from 'react'
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { SimStore, SimStoreState } from '../store/sim-store'
import type { SimClient } from '../worker/client'

interface SimContextValue {
  store: SimStore
  client: SimClient
}

const SimContext = createContext<SimContextValue | null>(null)

export function SimProvider({ store, client, children }: SimContextValue & { children: ReactNode }) {
  return <SimContext.Provider value={{ store, client }}>{children}</SimContext.Provider>
}

function useSimContext(): SimContextValue {
  const value = useContext(SimContext)
  if (!value) throw new Error('useSim must be used inside <SimProvider>')
  return value
}

/** Reads a slice of the store; the component re-renders only when that slice changes. */
export function useSim<T>(selector: (s: SimStoreState) => T): T {
  return useStore(useSimContext().store, selector)
}

export function useClient(): SimClient {
  return useSimContext().client
}

export function useSimStore(): SimStore {
  return useSimContext().store
}
