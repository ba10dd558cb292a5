/**
 * Sample media bundled with the product (made by the project; provenance next to each file in the resources).
 */
package io.avatar.models.samples;
