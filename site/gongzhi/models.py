"""No models: present so that post_migrate (role sync) fires for this app."""
