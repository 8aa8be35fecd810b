/** The demo's embedded sample databases. Internal: no compatibility promise. */
package dev.ferry.demo;
