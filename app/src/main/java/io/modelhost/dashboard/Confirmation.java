package io.modelhost.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.ui.ModelMap;

/**
 * The confirmation step of an action that breaks something for others (regenerating or
 * revoking a key, switching an endpoint off). The real button posts {@link #FIELD}; a
 * form posted without it changes nothing and is sent to a confirmation page that says
 * what the action does. No script is involved: the Content-Security-Policy allows none
 * inline, and the pages work without JavaScript.
 */
final class Confirmation {

	/** The form field the confirming button posts, with {@link #VALUE}. */
	static final String FIELD = "confirm";

	static final String VALUE = "yes";

	private Confirmation() {
	}

	/** Whether the posted form came from a confirming button. */
	static boolean given(@Nullable String field) {
		return VALUE.equals(field);
	}

	/**
	 * Fills the confirmation page.
	 * @param title the question, e.g. "Revoke “billing”?"
	 * @param consequences what happens, one sentence each
	 * @param action where the confirming form posts
	 * @param button the confirming button's label
	 * @param cancel where "Cancel" leads
	 * @return the view
	 */
	static String page(ModelMap page, String title, List<String> consequences, String action, String button,
			String cancel) {
		page.addAttribute("title", title);
		page.addAttribute("consequences", consequences);
		page.addAttribute("action", action);
		page.addAttribute("button", button);
		page.addAttribute("cancel", cancel);
		return "confirm";
	}

}
