// a local module required relative to the requiring file
module.exports = { greet: (name) => `hi ${name}` };
