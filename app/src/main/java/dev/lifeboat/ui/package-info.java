/**
 * The JavaFX wizard front end. One sub-package per page (FXML + controller + view model). Thin: controllers bind
 * and delegate; decisions live in view models (no {@code Node} fields) or in the engine. Engine work runs off the FX
 * thread.
 */
package dev.lifeboat.ui;
