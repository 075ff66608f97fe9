import { pb } from './pb.js'

// The collections list is shared by the sidebar, the records page, the
// relation pickers and the rule autocomplete; it is reloaded after each save.
export const store = $state({ list: [], loaded: false })

export async function loadCollections() {
  store.list = await pb.collections.getFullList({ sort: 'name', requestKey: null })
  store.loaded = true
  return store.list
}

export function findCollection(nameOrId) {
  return store.list.find((c) => c.name === nameOrId || c.id === nameOrId)
}
