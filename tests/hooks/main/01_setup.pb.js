/// Creates the collections the other scripts use, once, at bootstrap.
onBootstrap((e) => {
  e.next()
  for (const name of ["posts", "audit"]) {
    try {
      $app.findCollectionByNameOrId(name)
      continue
    } catch (_) {}
    const c = new Collection({
      type: "base",
      name: name,
      listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
      fields: [
        { type: "text", name: "title" },
        { type: "text", name: "note" },
        { type: "number", name: "n" },
      ],
    })
    $app.save(c)
  }
})
