// A local CommonJS module: require() resolves it from the requiring file.
module.exports = {
  slugify(text) {
    return String(text).toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
  },
}
