/// <reference path="../pb_data/types.d.ts" />
// Files from hooks: $filesystem.fileFrom…, record.set(field, file) with the
// "+"/"-" modifiers, e.findUploadedFiles, $app.newFilesystem(), and the
// onFileDownloadRequest / onFileTokenRequest hooks.

onBootstrap((e) => {
  e.next()
  try {
    $app.findCollectionByNameOrId("example_docs")
  } catch (_) {
    $app.save(new Collection({
      type: "base",
      name: "example_docs",
      listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
      fields: [
        { type: "text", name: "title" },
        { type: "file", name: "attachments", maxSelect: 5, maxSize: 1 << 20, thumbs: ["20x20"] },
      ],
    }))
  }
})

// every document created through the records API gets a receipt file
onRecordCreateRequest((e) => {
  const receipt = $filesystem.fileFromBytes(toBytes("receipt for " + e.record.get("title")), "receipt.txt")
  e.record.set("attachments+", receipt)
  e.next()
}, "example_docs")

// a custom upload route: the multipart "file" parts are appended to a new record
routerAdd("POST", "/example/docs/upload", (e) => {
  const files = e.findUploadedFiles("file")
  if (files.length == 0) {
    throw new BadRequestError("Missing file.")
  }
  const record = new Record($app.findCollectionByNameOrId("example_docs"))
  record.set("title", "uploaded")
  record.set("attachments", files)
  $app.save(record)
  return e.json(200, { id: record.id, attachments: record.get("attachments") })
})

// files made from bytes, then one removed again by name with "field-"
routerAdd("POST", "/example/docs/generated", (e) => {
  const record = new Record($app.findCollectionByNameOrId("example_docs"))
  record.set("title", "generated")
  record.set("attachments", [
    $filesystem.fileFromBytes(toBytes("first"), "first.txt"),
    $filesystem.fileFromBytes(toBytes("second"), "second.txt"),
  ])
  $app.save(record)
  const names = record.get("attachments")
  record.set("attachments-", names[0])
  $app.save(record)
  return e.json(200, { id: record.id, attachments: record.get("attachments"), removed: names[0] })
})

// reading stored files back through the app's storage (local or S3)
routerAdd("GET", "/example/docs/{id}/contents", (e) => {
  const record = $app.findRecordById("example_docs", e.request.pathValue("id"))
  const fsys = $app.newFilesystem()
  try {
    const out = {}
    for (const name of record.getStringSlice("attachments")) {
      const file = fsys.getFile(record.baseFilesPath() + "/" + name)
      try {
        out[name] = readerToString(file)
      } finally {
        file.close()
      }
    }
    return e.json(200, out)
  } finally {
    fsys.close()
  }
})

// file responses of example_docs carry who asked for them
onFileDownloadRequest((e) => {
  e.response.header().set("X-Example-File", e.servedName)
  if (e.thumbError) {
    // a thumb was asked for but the original is served (unlisted size, not an image)
    e.response.header().set("X-Example-Thumb-Fallback", "1")
  }
  e.next()
}, "example_docs")

onFileTokenRequest((e) => {
  e.response.header().set("X-Example-Token-For", e.record.collection().name)
  e.next()
})
