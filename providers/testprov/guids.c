/* The one place the provider's MAPI GUIDs are defined (mapiguid.h). */
#define INITGUID
#include <windows.h>
#include <mapiguid.h>
