// One handler per hook family; each counts its calls in $app.store().
function hit(name) {
  const store = $app.store()
  store.set("hit." + name, (store.get("hit." + name) || 0) + 1)
}

onModelCreate((e) => { hit("modelCreate:" + e.model.tableName()); e.next() }, "audit")
onRecordUpdate((e) => { hit("recordUpdate"); e.next() }, "posts")
onRecordAfterDeleteSuccess((e) => { hit("recordDelete"); e.next() }, "posts")
onRecordsListRequest((e) => { hit("list"); e.next() }, "posts")
onRecordViewRequest((e) => { hit("view"); e.next() }, "posts")
onRecordEnrich((e) => {
  e.record.hide("note")
  e.next()
}, "posts")
onCollectionAfterCreateSuccess((e) => { hit("collectionCreate:" + e.collection.name); e.next() })
onCollectionCreateRequest((e) => { hit("collectionCreateRequest"); e.next() })
onRecordAuthWithPasswordRequest((e) => { hit("authWithPassword:" + e.collection.name); e.next() })
onSettingsListRequest((e) => { hit("settingsList"); e.next() })

// inside a transactional hook $app is the transaction's app: saving with
// it joins the transaction instead of waiting for the single writer
onRecordCreate((e) => {
  if (e.record.get("title") === "with-audit") {
    $app.save(new Record($app.findCollectionByNameOrId("audit"), { title: "inside tx" }))
  }
  e.next()
}, "posts")

routerAdd("GET", "/js/hits", (e) => {
  const names = ["modelCreate:audit", "recordUpdate", "recordDelete", "list", "view",
    "collectionCreate:extra", "collectionCreateRequest", "authWithPassword:_superusers", "settingsList"]
  const out = {}
  for (const n of names) out[n] = $app.store().get("hit." + n) || 0
  return e.json(200, out)
})
