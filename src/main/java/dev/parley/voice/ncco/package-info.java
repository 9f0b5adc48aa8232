/** The NCCO model (parsed and validated once) and its interpreter, one action after another per call. */
package dev.parley.voice.ncco;
