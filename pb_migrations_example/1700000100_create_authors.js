/// <reference path="../pb_data/types.d.ts" />
// An auth collection: password login by email or username, with a
// profile made of url, file, select and editor fields.
migrate((app) => {
  const authors = new Collection({
    type: "auth",
    name: "authors",
    listRule: "",
    viewRule: "",
    createRule: "",
    updateRule: "id = @request.auth.id",
    deleteRule: null,
    manageRule: null,
    passwordAuth: { enabled: true, identityFields: ["email", "username"] },
    fields: [
      { type: "text", name: "username", required: true, min: 3, max: 32, pattern: "^[a-z0-9_]+$" },
      { type: "url", name: "website", onlyDomains: [] },
      { type: "file", name: "avatar", maxSelect: 1, maxSize: 1 << 20, mimeTypes: ["image/png", "image/jpeg"], thumbs: ["100x100"] },
      { type: "select", name: "role", values: ["writer", "editor"], maxSelect: 1 },
      { type: "editor", name: "bio", maxSize: 10000 },
    ],
    indexes: ["CREATE UNIQUE INDEX idx_authors_username ON authors (username)"],
  })
  app.save(authors)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("authors"))
})
