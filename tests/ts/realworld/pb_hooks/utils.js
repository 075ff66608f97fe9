module.exports = {
  isValidEmail: (email) => /^[^@\s]+@[^@\s]+$/.test(email || ""),
}
